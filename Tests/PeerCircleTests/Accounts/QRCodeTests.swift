import Foundation
import Testing
@testable import PeerCircle

@Suite struct QRCodeTests {
    @Test(arguments: QRReference.cases.indices)
    func theModulesAreOnesAnIndependentDecoderReadBack(_ index: Int) throws {
        let reference = QRReference.cases[index]
        let code = try #require(QRCode(reference.text, mask: reference.mask))
        #expect(code.version == reference.version && code.size == reference.rows.count)
        var differences = 0
        for (y, row) in reference.rows.enumerated() {
            for (x, module) in row.enumerated() where code.isDark(x: x, y: y) != (module == "1") { differences += 1 }
        }
        #expect(differences == 0, "\(differences) modules differ for version \(code.version)")
    }

    @Test func theMaskIsChosenTheLongestTextIsRefusedAndTheSVGIsSelfContained() throws {
        let code = try #require(QRCode("otpauth://totp/PeerCircle:Sam?secret=ABC&issuer=PeerCircle"))
        #expect((0..<8).contains(code.mask))
        // Left to choose, it chooses the mask the decoder-checked reference has.
        let chosen = try #require(QRReference.cases.last)
        #expect(QRCode(chosen.text)?.mask == chosen.mask)
        #expect(QRCode(String(repeating: "x", count: QRCode.capacity(10))) != nil)
        #expect(QRCode(String(repeating: "x", count: QRCode.capacity(10) + 1)) == nil)
        let svg = code.svg(label: "QR code \"<b>\"")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && !svg.contains("<b>") && !svg.contains("href"))
        #expect(svg.components(separatedBy: "h1v1h-1z").count - 1 == (0..<code.size).flatMap { y in (0..<code.size).map { (x: $0, y: y) } }
            .filter { code.isDark(x: $0.x, y: $0.y) }.count)
    }
}
