# Images of the three hosts, one target each (multi-stage; the runtime images run as the unprivileged `app` user):
#   docker build --target silo -t ecommerce-silo .
#   docker build --target api -t ecommerce-api .
#   docker build --target balancer -t ecommerce-balancer .
# docker-compose.yml builds all three; docker-compose.test.yml builds the `test` target.
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS restore
WORKDIR /src
# The project files alone first: this layer (the package restore) is reused until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Grains.Interfaces/Grains.Interfaces.csproj src/Grains.Interfaces/
COPY src/Orleans.Streaming.RabbitMQ/Orleans.Streaming.RabbitMQ.csproj src/Orleans.Streaming.RabbitMQ/
COPY src/Records/Records.csproj src/Records/
COPY src/Grains/Grains.csproj src/Grains/
COPY src/ClusterHosting/ClusterHosting.csproj src/ClusterHosting/
COPY src/Silo/Silo.csproj src/Silo/
COPY src/Api/Api.csproj src/Api/
COPY src/Balancer/Balancer.csproj src/Balancer/
RUN dotnet restore src/Silo/Silo.csproj \
 && dotnet restore src/Api/Api.csproj \
 && dotnet restore src/Balancer/Balancer.csproj

FROM restore AS publish
COPY src/ src/
RUN dotnet publish src/Silo/Silo.csproj -c Release --no-restore -o /app/silo \
 && dotnet publish src/Api/Api.csproj -c Release --no-restore -o /app/api \
 && dotnet publish src/Balancer/Balancer.csproj -c Release --no-restore -o /app/balancer

# The test command, for docker-compose.test.yml: the SDK and the whole repository; scripts/test.sh installs and starts
# Redis and RabbitMQ itself (as root: this image is never deployed).
FROM restore AS test
COPY . .
ENTRYPOINT ["scripts/test.sh"]

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
# The runtime image has neither curl nor wget: the health check speaks HTTP through bash.
COPY --chmod=755 deploy/docker/healthcheck.sh /usr/local/bin/healthcheck
USER $APP_UID

FROM runtime AS silo
COPY --from=publish /app/silo ./
# Silo-to-silo and gateway (client) ports; Cluster__SiloPort and Cluster__GatewayPort change them.
EXPOSE 11111 30000
# The gateway accepts clients once the silo has joined the cluster.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["healthcheck", "tcp", "gateway"]
ENTRYPOINT ["dotnet", "EcommerceBackend.Silo.dll"]

FROM runtime AS api
COPY --from=publish /app/api ./
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["healthcheck", "http", "8080", "/health/ready"]
ENTRYPOINT ["dotnet", "EcommerceBackend.Api.dll"]

FROM runtime AS balancer
COPY --from=publish /app/balancer ./
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["healthcheck", "http", "8080", "/balancer/health"]
ENTRYPOINT ["dotnet", "EcommerceBackend.Balancer.dll"]
