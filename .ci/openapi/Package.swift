// swift-tools-version:6.0
// The OpenAPI generator, kept out of the application's own build: `.ci/openapi-generate` runs it to
// write the generated server and client sources that are committed beside the code.
import PackageDescription

let package = Package(
    name: "openapi-generate",
    platforms: [.macOS(.v15)],
    dependencies: [.package(url: "https://github.com/apple/swift-openapi-generator.git", exact: "1.14.3")],
    targets: [
        .executableTarget(
            name: "generate",
            dependencies: [.product(name: "swift-openapi-generator", package: "swift-openapi-generator")],
            path: "Sources"
        ),
    ]
)
