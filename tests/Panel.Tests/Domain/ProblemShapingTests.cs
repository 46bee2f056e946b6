using System.Text.Json;
using Panel.Infrastructure;
using Panel.People.CreatingUser;

namespace Panel.Tests.Domain;

public class ProblemShapingTests
{
    [Fact]
    public void an_unknown_enum_name_is_explained_with_the_allowed_names()
    {
        var options = new JsonSerializerOptions();
        PanelJson.Configure(options);
        var e = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<CreateUser>("{\"name\":\"Ada\",\"role\":\"Chair\"}", options));

        var (field, message) = ProblemShaping.Explain(e.Message);

        Assert.True(message == "The value must be one of Reviewer, Editor or Admin.", e.Message);
        Assert.Equal("role", field);
    }
}
