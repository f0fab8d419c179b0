// The generated server interface (`APIProtocol`) and its types, made at build time by
// swift-openapi-generator from `openapi.json` (a link to `PeerCircle/Resources/openapi.json`,
// the document `/api/openapi.json` serves). The application implements `APIProtocol` in its
// features' `…Operations.swift` files; nothing is written here by hand.
package import OpenAPIRuntime
