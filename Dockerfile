# burstpipe: one image for both services (compose runs it as `consumer` and as `producer`), built from the
# repository root:
#   docker build -t burstpipe .            docker run --rm -p 127.0.0.1:8080:8080 burstpipe consumer --host 0.0.0.0
# Every module comes in with the context, so a module added to the root pom needs no change here.

# the poms alone: the dependency layer below is reused until one of them changes
FROM maven:3.9-eclipse-temurin-17 AS poms
WORKDIR /src
COPY . .
RUN find . -type f ! -name pom.xml -delete && find . -depth -type d -empty -delete

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY --from=poms /src ./
# resolves every dependency and plugin the package build needs, from the poms alone (the modules are empty here)
RUN mvn -B -q -pl launcher -am -Dmaven.test.skip=true package
COPY . .
RUN mvn -B -q -o -pl launcher -am -Dmaven.test.skip=true package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 burstpipe && mkdir -p /data && chown burstpipe /data
WORKDIR /data
COPY --from=build /src/launcher/target/burstpipe.jar /app/burstpipe.jar
USER burstpipe
# UTF-8 output whatever locale the base image has; the heap follows the container's memory limit
ENV LANG=C.UTF-8
EXPOSE 8080 8081
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/burstpipe.jar"]
CMD ["--help"]
