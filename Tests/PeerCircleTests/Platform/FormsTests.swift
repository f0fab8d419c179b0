import Plot
import Testing
@testable import PeerCircle

/// An option or a radio button whose value is empty ("Any pathway", "I'd rather not say") must
/// still carry `value`, or browsers submit its label (or "on") instead of nothing.
@Suite struct FormsTests {
    @Test func emptyValuesAreStillWritten() {
        let select: Node<HTML.BodyContext> = Forms.selectElement("pathway", options: [(value: "", label: "Any pathway")], selected: "")
        #expect(select.render().contains("<option value selected=\"selected\">Any pathway</option>"))
        let radios = Node<HTML.BodyContext>.form(Forms.choices("stage", legend: "Stage", options: [(value: "", label: "Rather not say")],
                                                               selected: [""], errors: [:], multiple: false))
        #expect(radios.render().contains("name=\"stage\" id=\"stage-0\" value checked"))
    }
}
