namespace Panel.Pages;

/// <summary>The embedded stylesheet and the workspace's script, with their ETags.</summary>
public static class ServingAssetsEndpoint
{
    [WolverineGet("/assets/panel.css")]
    [ExcludeFromDescription]
    public static IResult Stylesheet(HttpContext http) => Html.Css(http);

    [WolverineGet("/assets/workspace.js")]
    [ExcludeFromDescription]
    public static IResult WorkspaceScript(HttpContext http) => Html.Script(http);
}
