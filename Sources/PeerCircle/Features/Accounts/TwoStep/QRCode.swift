/// A QR code (ISO/IEC 18004) drawn on the server, so setting up two-step sign-in sends the secret to
/// no outside service: byte mode, error correction level M, versions 1 to 10 (up to 213 bytes — an
/// authenticator link is about 120). Checked against an independent encoder's modules in the tests.
struct QRCode: Sendable {
    let version: Int
    private(set) var mask: Int
    let size: Int
    /// Row-major, true for a dark module.
    private(set) var modules: [Bool]
    private var isFunction: [Bool]

    /// Per version 1–10 at level M: error-correction codewords per block, and the data codewords of each block.
    private static let blocks: [(ec: Int, data: [Int])] = [
        (10, [16]), (16, [28]), (26, [44]), (18, [32, 32]), (24, [43, 43]), (16, [27, 27, 27, 27]), (18, [31, 31, 31, 31]),
        (22, [38, 38, 39, 39]), (22, [36, 36, 36, 37, 37]), (26, [43, 43, 43, 43, 44]),
    ]
    private static let alignment: [[Int]] = [[], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50]]

    /// Nil when the text is too long for version 10. `mask` forces one of the eight masks (tests);
    /// otherwise the one with the lowest penalty is chosen, as the standard has it.
    init?(_ text: String, mask forced: Int? = nil) {
        let bytes = Array(text.utf8)
        guard let version = (1...10).first(where: { Self.capacity($0) >= bytes.count }),
              let layout = Self.blocks.dropFirst(version - 1).first else { return nil }
        self.version = version
        size = 17 + 4 * version
        modules = Array(repeating: false, count: size * size)
        isFunction = modules
        mask = forced ?? 0
        drawFunctionPatterns()
        let codewords = Self.interleaved(Self.dataCodewords(bytes, version: version, total: layout.data.reduce(0, +)), layout)
        drawCodewords(codewords)
        let placed = modules
        var best = (mask: 0, penalty: Int.max)
        for candidate in forced.map({ [$0] }) ?? Array(0..<8) {
            modules = placed
            applyMask(candidate)
            drawFormatBits(candidate)
            let penalty = forced == nil ? penaltyScore() : 0
            if penalty < best.penalty { best = (candidate, penalty) }
        }
        modules = placed
        applyMask(best.mask)
        drawFormatBits(best.mask)
        if forced == nil { mask = best.mask }
    }

    func isDark(x: Int, y: Int) -> Bool { modules[y * size + x] }

    /// The code as SVG, with the four-module quiet zone around it.
    func svg(label: String) -> String {
        var path = ""
        for y in 0..<size {
            for x in 0..<size where isDark(x: x, y: y) { path += "M\(x + 4),\(y + 4)h1v1h-1z" }
        }
        let side = size + 8
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" width=\"\(side * 5)\" height=\"\(side * 5)\" "
            + "role=\"img\" aria-label=\"\(AttributeText.escape(label))\" shape-rendering=\"crispEdges\">"
            + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path fill=\"#000\" d=\"\(path)\"/></svg>"
    }

    // MARK: data

    private static func countBits(_ version: Int) -> Int { version <= 9 ? 8 : 16 }

    static func capacity(_ version: Int) -> Int {
        guard let layout = blocks.dropFirst(version - 1).first else { return 0 }
        return (layout.data.reduce(0, +) * 8 - 4 - countBits(version)) / 8
    }

    /// Mode, count, the bytes, terminator and padding: `total` data codewords.
    private static func dataCodewords(_ bytes: [UInt8], version: Int, total: Int) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) { for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) } }
        append(0b0100, 4)
        append(bytes.count, countBits(version))
        for byte in bytes { append(Int(byte), 8) }
        append(0, min(4, total * 8 - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var words: [UInt8] = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { ($0 << 1) | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while words.count < total {
            words.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return words
    }

    /// Splits into blocks, adds each block's error correction, and interleaves them.
    private static func interleaved(_ data: [UInt8], _ layout: (ec: Int, data: [Int])) -> [UInt8] {
        var blocks: [[UInt8]] = [], corrections: [[UInt8]] = []
        var start = 0
        let divisor = reedSolomonDivisor(layout.ec)
        for length in layout.data {
            let block = Array(data[start..<start + length])
            blocks.append(block)
            corrections.append(reedSolomonRemainder(block, divisor))
            start += length
        }
        var result: [UInt8] = []
        for i in 0..<(layout.data.max() ?? 0) { for block in blocks where i < block.count { result.append(block[i]) } }
        for i in 0..<layout.ec { for correction in corrections { result.append(correction[i]) } }
        return result
    }

    private static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z: Int = 0
        for i in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= Int((y >> UInt8(i)) & 1) * Int(x)
        }
        return UInt8(z & 0xFF)
    }

    private static func reedSolomonDivisor(_ degree: Int) -> [UInt8] {
        var result = Array(repeating: UInt8(0), count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    private static func reedSolomonRemainder(_ data: [UInt8], _ divisor: [UInt8]) -> [UInt8] {
        var result = Array(repeating: UInt8(0), count: divisor.count)
        for byte in data {
            let factor = byte ^ (result.first ?? 0)
            result = Array(result.dropFirst()) + [0]
            for i in 0..<result.count { result[i] ^= multiply(divisor[i], factor) }
        }
        return result
    }

    // MARK: drawing

    private mutating func set(_ x: Int, _ y: Int, _ dark: Bool, function: Bool = true) {
        modules[y * size + x] = dark
        if function { isFunction[y * size + x] = true }
    }

    private mutating func drawFunctionPatterns() {
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 where (0..<size).contains(cx + dx) && (0..<size).contains(cy + dy) {
                    let distance = max(abs(dx), abs(dy))
                    set(cx + dx, cy + dy, distance != 2 && distance != 4)
                }
            }
        }
        let positions = Self.alignment.dropFirst(version - 1).first ?? []
        for (i, cx) in positions.enumerated() {
            for (j, cy) in positions.enumerated() {
                let last = positions.count - 1
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 { for dx in -2...2 { set(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) } }
            }
        }
        drawFormatBits(0)
        if version >= 7 {
            var remainder = version
            for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
            let bits = version << 12 | remainder
            for i in 0..<18 {
                let dark = (bits >> i) & 1 == 1
                let a = size - 11 + i % 3, b = i / 3
                set(a, b, dark)
                set(b, a, dark)
            }
        }
    }

    /// Level M (format bits 00) and the mask, with their BCH code, in both places; and the dark module.
    private mutating func drawFormatBits(_ mask: Int) {
        let data = mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)
    }

    private mutating func drawCodewords(_ data: [UInt8]) {
        var index = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    if !isFunction[y * size + x] && index < data.count * 8 {
                        set(x, y, (data[index >> 3] >> UInt8(7 - (index & 7))) & 1 == 1, function: false)
                        index += 1
                    }
                }
            }
            right -= 2
        }
    }

    private mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] {
                let flip: Bool
                switch mask {
                case 0: flip = (x + y) % 2 == 0
                case 1: flip = y % 2 == 0
                case 2: flip = x % 3 == 0
                case 3: flip = (x + y) % 3 == 0
                case 4: flip = (x / 3 + y / 2) % 2 == 0
                case 5: flip = x * y % 2 + x * y % 3 == 0
                case 6: flip = (x * y % 2 + x * y % 3) % 2 == 0
                default: flip = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if flip { modules[y * size + x].toggle() }
            }
        }
    }

    /// The standard's four penalty rules: long runs, 2×2 blocks, finder-like patterns, dark balance.
    private func penaltyScore() -> Int {
        var penalty = 0
        let finderLike: [Bool] = [true, false, true, true, true, false, true, false, false, false, false]
        for horizontal in [true, false] {
            for a in 0..<size {
                var line: [Bool] = []
                for b in 0..<size { line.append(horizontal ? isDark(x: b, y: a) : isDark(x: a, y: b)) }
                var run = 1
                for b in 1..<size {
                    if line[b] == line[b - 1] { run += 1 } else {
                        if run >= 5 { penalty += run - 2 }
                        run = 1
                    }
                }
                if run >= 5 { penalty += run - 2 }
                if size >= 11 {
                    for b in 0...(size - 11) {
                        let window = Array(line[b..<b + 11])
                        if window == finderLike || window == finderLike.reversed() { penalty += 40 }
                    }
                }
            }
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let dark = isDark(x: x, y: y)
                if dark == isDark(x: x + 1, y: y) && dark == isDark(x: x, y: y + 1) && dark == isDark(x: x + 1, y: y + 1) { penalty += 3 }
            }
        }
        let dark = modules.filter { $0 }.count, total = size * size
        penalty += abs(dark * 20 - total * 10) / total * 10
        return penalty
    }
}
