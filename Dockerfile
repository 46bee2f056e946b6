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
# The runtime image has no curl: bash's /dev/tcp asks /health and wants a 200 (PostgreSQL answering too).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# Non-root "app" user that ships with the .NET images.
USER $APP_UID
ENTRYPOINT ["dotnet", "Panel.Api.dll"]
