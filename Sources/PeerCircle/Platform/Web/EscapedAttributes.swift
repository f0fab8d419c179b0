import Foundation
import Plot

/// Plot 0.14 writes attribute values as they are (`name="value"`), so a `"` in a query parameter,
/// a stored title or an imported feed would end the attribute and start markup of the sender's
/// choosing. Every Plot function that takes a string for an attribute is redeclared here with the
/// same signature; Swift prefers a declaration in this module over the imported one, so every
/// view in PeerCircle goes through these and none can reach Plot's unescaped originals. The
/// whole-site test (`EscapingTests`) requests every page with hostile values to keep it so.
/// Text made safe between tags, for markup written by hand where a page is made thousands of times
/// a second (the meeting directory's rows): the same five characters as attributes.
enum HTMLEscape {
    static func text(_ value: String) -> String { AttributeText.escape(value) }
}

enum AttributeText {
    /// Text made safe inside a double-quoted attribute value.
    static func escape(_ value: String) -> String {
        // Most values need nothing: one pass over the bytes says so.
        guard value.utf8.contains(where: { $0 == 38 || $0 == 34 || $0 == 39 || $0 == 60 || $0 == 62 }) else { return value }
        // By Unicode scalar, not by Character: a quote followed by a combining mark is one Character
        // ("\"\u{301}"), and comparing Characters would let that quote through unescaped.
        var out = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    static func escapeIfPresent(_ value: String?) -> String? { value.map { escape($0) } }

    /// A link target, escaped: a path on this site, or an absolute http(s), mailto, tel or sms
    /// address that parses. Anything else (`javascript:`, `data:`, a scheme hidden behind a tab or
    /// a control character) becomes a link to nowhere, so no stored or imported text can run.
    static func link(_ value: String) -> String {
        escape(isSafeLink(value) ? value : "#")
    }

    static func isSafeLink(_ value: String) -> Bool {
        // A path on this site in plain ASCII (most links): no control character, space or backslash.
        if value.hasPrefix("/"), !value.hasPrefix("//"), value.utf8.count <= 4096,
           value.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != 92 }) { return true }
        guard !value.isEmpty, value.count <= 4096,
              !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " || $0 == "\\" })
        else { return false }
        if value.hasPrefix("#") || value.hasPrefix("?") || (value.hasPrefix("/") && !value.hasPrefix("//")) { return true }
        guard let parts = URLComponents(string: value), let scheme = parts.scheme?.lowercased() else { return false }
        switch scheme {
        case "http", "https": return parts.host.map { !$0.isEmpty } ?? false
        case "mailto", "tel", "sms": return !parts.path.isEmpty
        default: return false
        }
    }
}

// MARK: - Generic attributes

public extension Attribute {
    static func attribute(named name: String, value: String?) -> Self {
        Attribute(name: name, value: AttributeText.escapeIfPresent(value))
    }
}

public extension Node {
    static func attribute(named name: String, value: String?, ignoreIfValueIsEmpty: Bool = true) -> Node {
        .attribute(Attribute(name: name, value: AttributeText.escapeIfPresent(value), ignoreIfValueIsEmpty: ignoreIfValueIsEmpty))
    }
}

public extension Attribute where Context: HTMLContext {
    static func id(_ id: String) -> Attribute { Attribute(name: "id", value: AttributeText.escape(id)) }
    static func `class`(_ className: String) -> Attribute { Attribute(name: "class", value: AttributeText.escape(className)) }
    static func data(named name: String, value: String) -> Attribute {
        Attribute(name: "data-\(AttributeText.escape(name))", value: AttributeText.escape(value))
    }
    static func title(_ title: String) -> Attribute { Attribute(name: "title", value: AttributeText.escape(title)) }
}

public extension Node where Context: HTMLContext {
    static func id(_ id: String) -> Node { .attribute(Attribute(name: "id", value: AttributeText.escape(id))) }
    static func `class`(_ className: String) -> Node { .attribute(Attribute(name: "class", value: AttributeText.escape(className))) }
    static func data(named name: String, value: String) -> Node {
        .attribute(Attribute(name: "data-\(AttributeText.escape(name))", value: AttributeText.escape(value)))
    }
    static func title(_ title: String) -> Node { .attribute(Attribute(name: "title", value: AttributeText.escape(title))) }
}

public extension Attribute where Context: HTMLNamableContext {
    static func name(_ name: String) -> Attribute { Attribute(name: "name", value: AttributeText.escape(name)) }
}

public extension Node where Context: HTMLNamableContext {
    static func name(_ name: String) -> Node { .attribute(Attribute(name: "name", value: AttributeText.escape(name))) }
}

public extension Attribute where Context: HTMLTypeContext {
    static func type(_ type: String) -> Attribute { Attribute(name: "type", value: AttributeText.escape(type)) }
}

public extension Attribute where Context: HTMLValueContext {
    static func value(_ value: String) -> Attribute { Attribute(name: "value", value: AttributeText.escape(value)) }
}

public extension Node where Context: HTMLValueContext {
    static func value(_ value: String) -> Node { .attribute(Attribute(name: "value", value: AttributeText.escape(value))) }
}

// MARK: - Links, sources, forms

public extension Attribute where Context: HTMLLinkableContext {
    static func href(_ url: URLRepresentable) -> Attribute { Attribute(name: "href", value: AttributeText.link(String(describing: url))) }
}

public extension Node where Context: HTMLLinkableContext {
    static func href(_ url: URLRepresentable) -> Node { .attribute(Attribute(name: "href", value: AttributeText.link(String(describing: url)))) }
}

public extension Attribute where Context: HTMLSourceContext {
    static func src(_ url: URLRepresentable) -> Attribute { Attribute(name: "src", value: AttributeText.link(String(describing: url))) }
}

public extension Node where Context: HTMLSourceContext {
    static func src(_ url: URLRepresentable) -> Node { .attribute(Attribute(name: "src", value: AttributeText.link(String(describing: url)))) }
}

public extension Node where Context == HTML.FormContext {
    static func action(_ url: URLRepresentable) -> Node { .attribute(Attribute(name: "action", value: AttributeText.link(String(describing: url)))) }
}

public extension Node where Context == HTML.LabelContext {
    static func `for`(_ target: String) -> Node { .attribute(Attribute(name: "for", value: AttributeText.escape(target))) }
}

public extension Node where Context == HTML.TimeContext {
    static func datetime(_ datetime: String) -> Node { .attribute(Attribute(name: "datetime", value: AttributeText.escape(datetime))) }
}

public extension Attribute where Context == HTML.InputContext {
    static func placeholder(_ placeholder: String) -> Attribute {
        Attribute(name: "placeholder", value: AttributeText.escape(placeholder))
    }
}

public extension Node where Context == HTML.TextAreaContext {
    static func placeholder(_ placeholder: String) -> Node {
        .attribute(Attribute(name: "placeholder", value: AttributeText.escape(placeholder)))
    }
}

public extension Attribute where Context == HTML.OptionContext {
    static func label(_ label: String) -> Attribute {
        Attribute(name: "label", value: AttributeText.escape(label), ignoreIfValueIsEmpty: false)
    }
}

public extension Attribute where Context == HTML.MetaContext {
    static func content(_ content: String) -> Attribute { Attribute(name: "content", value: AttributeText.escape(content)) }
    static func property(_ property: String) -> Attribute { Attribute(name: "property", value: AttributeText.escape(property)) }
}

public extension Attribute where Context == HTML.ImageContext {
    static func alt(_ text: String) -> Attribute { Attribute(name: "alt", value: AttributeText.escape(text)) }
}

public extension Node where Context: HTMLStylableContext {
    static func style(_ css: String) -> Node { .attribute(Attribute(name: "style", value: AttributeText.escape(css))) }
}

public extension Node where Context: HTML.BodyContext {
    static func ariaLabel(_ label: String) -> Node { .attribute(Attribute(name: "aria-label", value: AttributeText.escape(label))) }
    static func ariaControls(_ child: String) -> Node { .attribute(Attribute(name: "aria-controls", value: AttributeText.escape(child))) }
}

// MARK: - Head components that copy text into attributes

public extension Node where Context == HTML.HeadContext {
    /// Plot's version also copies the title into `og:title`/`twitter:title` meta attributes
    /// unescaped; a page title holds member text (a clock's label), so only the escaped element is written.
    static func title(_ title: String) -> Node { .element(named: "title", text: title) }
    static func description(_ text: String) -> Node {
        .element(named: "meta", attributes: [Attribute(name: "name", value: "description"), Attribute(name: "content", value: AttributeText.escape(text))])
    }
}
