import Plot

enum Banner {
    /// The sentence shown after a form succeeded, announced politely to screen readers.
    static func notice(_ text: String?) -> Node<HTML.BodyContext> {
        .unwrap(text) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) }
    }
}
