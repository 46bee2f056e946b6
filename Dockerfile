# syntax=docker/dockerfile:1
# Build: docker build -t panel .   (or: docker compose up --build)

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Central package versions, shared build settings and lock files drive restore.
COPY Directory.*.props ./
COPY src/ src/
# The NuGet cache mount keeps package downloads across builds; locked mode
# makes restore fail instead of silently drifting from packages.lock.json.
RUN --mount=type=cache,id=panel-nuget,target=/root/.nuget/packages \
    dotnet publish src/Panel.Api -c Release -o /app -p:RestoreLockedMode=true -nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# URLS replaces the image's HTTP_PORTS default; emptying HTTP_PORTS avoids
# Kestrel's "Overriding HTTP_PORTS" warning at startup.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS=
EXPOSE 8080
# Non-root "app" user that ships with the .NET images.
USER $APP_UID
ENTRYPOINT ["dotnet", "Panel.Api.dll"]
