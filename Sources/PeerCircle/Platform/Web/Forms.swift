import Foundation
import Plot

/// Form building blocks that show the member's input and the reason next to each field.
enum Forms {
    typealias Errors = [String: String]

    static func errors(_ list: [FieldError]) -> Errors {
        Dictionary(list.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every IANA time zone, for a select, readable ("America/New York").
    static let timeZoneOptions: [(value: String, label: String)] =
        VisitorZone.choosable.map { (value: $0, label: $0 == "UTC" ? "UTC (Coordinated Universal Time)" : TimeText.zoneName($0)) }

    /// A POST form carrying the CSRF token.
    static func form(_ action: String, csrf: String, _ nodes: Node<HTML.FormContext>...) -> Node<HTML.BodyContext> {
        .form(
            .action(action), .method(.post),
            .input(.type(.hidden), .name(CSRFMiddleware.fieldName), .value(csrf)),
            .group(nodes)
        )
    }

    /// A single button that posts (log out, revoke): state changes never ride on GET links.
    static func postButton(
        _ action: String, label: String, csrf: String, style: String = "secondary", ariaLabel: String? = nil
    ) -> Node<HTML.BodyContext> {
        .raw(postButtonHTML(action, label: label, csrf: csrf, style: style, ariaLabel: ariaLabel))
    }

    /// The same button as escaped text, for markup written by hand (a thread page draws five per post).
    static func postButtonHTML(_ action: String, label: String, csrf: String, style: String = "secondary", ariaLabel: String? = nil) -> String {
        "<form class=\"inline\" action=\"" + AttributeText.link(action) + "\" method=\"post\"><input type=\"hidden\" name=\""
            + CSRFMiddleware.fieldName + "\" value=\"" + AttributeText.escape(csrf) + "\"/><button type=\"submit\" class=\""
            + AttributeText.escape(style) + "\"" + (ariaLabel.map { " aria-label=\"" + AttributeText.escape($0) + "\"" } ?? "") + ">"
            + HTMLEscape.text(label) + "</button></form>"
    }

    /// "Please fix these" above a form, announced to screen readers.
    static func summary(_ errors: Errors) -> Node<HTML.FormContext> {
        .if(!errors.isEmpty, .div(
            .class("error-summary"), .attribute(named: "role", value: "alert"),
            .p(.text(errors.count == 1 ? "Please fix the problem below." : "Please fix the \(errors.count) problems below."))
        ))
    }

    static func input(
        _ name: String, label: String, value: String, errors: Errors, type: HTMLInputType = .text,
        hint: String? = nil, required: Bool = false, attributes: [Attribute<HTML.InputContext>] = []
    ) -> Node<HTML.FormContext> {
        let error = errors[name]
        var attrs: [Attribute<HTML.InputContext>] = [.type(type), .name(name), .id(name), .value(value)]
        if required { attrs.append(.required(true)) }
        attrs.append(contentsOf: describedBy(name, hint: hint, error: error))
        attrs.append(contentsOf: attributes)
        return field(name, label: label, hint: hint, error: error, .element(named: "input", attributes: attrs))
    }

    static func textarea(
        _ name: String, label: String, value: String, errors: Errors, hint: String? = nil, maxLength: Int
    ) -> Node<HTML.FormContext> {
        let error = errors[name]
        return field(name, label: label, hint: hint, error: error,
            .textarea(
                .name(name), .id(name),
                .attribute(named: "maxlength", value: String(maxLength)),
                .attribute(named: "rows", value: "3"),
                .attribute(named: "aria-describedby", value: describedByIDs(name, hint: hint, error: error)),
                .text(value)))
    }

    static func select(
        _ name: String, label: String, options: [(value: String, label: String)], selected: String,
        errors: Errors, hint: String? = nil, detect: Bool = false
    ) -> Node<HTML.FormContext> {
        let error = errors[name]
        return field(name, label: label, hint: hint, error: error,
                     selectElement(name, options: options, selected: selected,
                                   describedBy: describedByIDs(name, hint: hint, error: error), detect: detect))
    }

    /// A group of radio buttons or checkboxes in a fieldset with a legend.
    static func choices(
        _ name: String, legend: String, options: [(value: String, label: String)], selected: Set<String>,
        errors: Errors, multiple: Bool, hint: String? = nil
    ) -> Node<HTML.FormContext> {
        let error = errors[name]
        return .fieldset(
            .class(error == nil ? "choices" : "choices invalid"),
            .element(named: "legend", text: legend),
            hintAndError(name, hint: hint, error: error),
            .forEach(options.enumerated()) { index, option in
                .label(
                    .class("choice"),
                    .input(
                        .type(multiple ? .checkbox : .radio), .name(name), .id("\(name)-\(index)"),
                        // An empty value must still be written, or the browser sends "on".
                        Attribute(name: "value", value: AttributeText.escape(option.value), ignoreIfValueIsEmpty: false),
                        .checked(selected.contains(option.value))),
                    .text(" " + option.label))
            }
        )
    }

    /// A `<select>` with its options in labelled groups (`<optgroup>`), and an "any" choice first.
    static func groupedSelect(
        _ name: String, label: String, any: String, groups: [(title: String, options: [(value: String, label: String)])],
        selected: String, errors: Errors
    ) -> Node<HTML.FormContext> {
        let error = errors[name]
        func option(_ value: String, _ text: String) -> Node<HTML.FormContext> {
            .element(named: "option", nodes: [.attribute(named: "value", value: value, ignoreIfValueIsEmpty: false),
                                              value == selected ? .attribute(named: "selected", value: "selected") : .group([]), .text(text)])
        }
        var nodes: [Node<HTML.FormContext>] = [.attribute(named: "name", value: name), .attribute(named: "id", value: name), option("", any)]
        let describedBy = describedByIDs(name, hint: nil, error: error)
        if !describedBy.isEmpty { nodes.append(.attribute(named: "aria-describedby", value: describedBy)) }
        for group in groups {
            nodes.append(.element(named: "optgroup", nodes: [.attribute(named: "label", value: group.title)] + group.options.map { option($0.value, $0.label) }))
        }
        return field(name, label: label, hint: nil, error: error, .element(named: "select", nodes: nodes))
    }

    /// A `<select>`; Plot's typed select cannot carry a name, so it is spelled out here.
    static func selectElement<C>(
        _ name: String, options: [(value: String, label: String)], selected: String, describedBy: String = "", detect: Bool = false
    ) -> Node<C> {
        var nodes: [Node<C>] = [.attribute(named: "name", value: name), .attribute(named: "id", value: name)]
        // zone.js preselects the browser's time zone in a select marked so.
        if detect { nodes.append(.attribute(named: "data-detect", value: "zone")) }
        if !describedBy.isEmpty { nodes.append(.attribute(named: "aria-describedby", value: describedBy)) }
        for option in options {
            nodes.append(.element(named: "option", nodes: [
                // An empty value must still be written, or the browser sends the option's label.
                .attribute(named: "value", value: option.value, ignoreIfValueIsEmpty: false),
                option.value == selected ? .attribute(named: "selected", value: "selected") : .group([]),
                .text(option.label),
            ]))
        }
        return .element(named: "select", nodes: nodes)
    }

    /// Label, hint, error and control, in the order a screen reader should meet them.
    private static func field(
        _ name: String, label: String, hint: String?, error: String?, _ control: Node<HTML.FormContext>
    ) -> Node<HTML.FormContext> {
        .div(
            .class(error == nil ? "field" : "field invalid"),
            .label(.for(name), .text(label)),
            hintAndError(name, hint: hint, error: error),
            control
        )
    }

    private static func hintAndError(_ name: String, hint: String?, error: String?) -> Node<HTML.FormContext> {
        .group(
            .unwrap(hint) { .p(.class("hint"), .id("\(name)-hint"), .text($0)) },
            .unwrap(error) { .p(.class("error"), .id("\(name)-error"), .text($0)) }
        )
    }

    private static func describedByIDs(_ name: String, hint: String?, error: String?) -> String {
        [hint.map { _ in "\(name)-hint" }, error.map { _ in "\(name)-error" }].compactMap { $0 }.joined(separator: " ")
    }

    private static func describedBy(_ name: String, hint: String?, error: String?) -> [Attribute<HTML.InputContext>] {
        var attrs: [Attribute<HTML.InputContext>] = []
        let ids = describedByIDs(name, hint: hint, error: error)
        if !ids.isEmpty { attrs.append(.attribute(named: "aria-describedby", value: ids)) }
        if error != nil { attrs.append(.attribute(named: "aria-invalid", value: "true")) }
        return attrs
    }
}
