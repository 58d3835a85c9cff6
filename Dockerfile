# The musicdash image for a lab (compose.yaml): the dashboard and `musicdash worker` are the same program.
# Not built here (this machine has Docker's client only, no engine); see docs/scale-out.md.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Dashboard -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# ffmpeg decodes what the project's own readers do not (MP3, FLAC, OGG ...); libgomp is libtorch's OpenMP.
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg libgomp1 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
COPY appsettings.json ./appsettings.json
ENV MUSICDASH_CONFIG_DIR=/app
ENTRYPOINT ["dotnet", "/app/musicdash.dll"]
