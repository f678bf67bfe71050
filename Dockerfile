# One image recipe for both hosts: docker build --build-arg PROJECT=Api|Silo .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT=Api
WORKDIR /src
COPY . .
RUN dotnet publish src/${PROJECT}/${PROJECT}.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
ARG PROJECT=Api
ENV APP_DLL=EcommerceBackend.${PROJECT}.dll
WORKDIR /app
COPY --from=build /app .
ENTRYPOINT ["sh", "-c", "exec dotnet \"$APP_DLL\""]
