import ArgumentParser
import Foundation
import PeerCircle

/// `peercircle-bench markdown`: how rendering time grows with adversarial post text (unclosed
/// brackets, link openers, emphasis markers, nested quotes), at 1, 10 and 100 KB. Linear code takes
/// about ten times longer per tenfold size; super-linear code shows up as far more.
struct MarkdownBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "markdown", abstract: "Markdown and crisis screen on adversarial text.")

    func run() throws {
        let shapes: [(String, String)] = [
            ("unclosed brackets", "["), ("link openers", "[a]("), ("half links", "[x](http://a "), ("emphasis", "*_"),
            ("backticks", "`"), ("quotes", "> "), ("list items", "- [\n"), ("urls", "https://a.b/"), ("mixed", "[*](`> _"),
        ]
        say("shape                 1 KB ms   10 KB ms   100 KB ms   growth 10→100 KB")
        for (name, unit) in shapes {
            var times: [Double] = []
            for size in [1_000, 10_000, 100_000] {
                let text = String(repeating: unit, count: size / unit.utf8.count)
                let started = DispatchTime.now().uptimeNanoseconds
                _ = PublicMarkdown.render(text)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
            }
            let label = name.padding(toLength: 20, withPad: " ", startingAt: 0)
            say(label + String(format: " %9.2f %10.2f %11.2f   ×%.1f", times[0], times[1], times[2], times[2] / max(times[1], 0.001)))
        }
        var screenTimes: [Double] = []
        for size in [2_000, 20_000] {
            let text = String(repeating: "i want to not be here anymore maybe ", count: size / 36)
            let started = DispatchTime.now().uptimeNanoseconds
            _ = PublicMarkdown.screen(text)
            screenTimes.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
        }
        say(String(format: "crisis screen: 2 000 chars %.3f ms, 20 000 chars %.2f ms", screenTimes[0], screenTimes[1]))
    }
}
