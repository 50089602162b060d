/// What each libFuzzer target does with one input. Every function must return normally on any bytes: a trap,
/// a sanitizer report or a hang is the bug the fuzzer looks for. Each also checks a property of the result
/// (`check`), so a wrong answer is a crash too.
public enum Fuzz {
    /// Stops the fuzzer (a crash with a message) when `condition` is false.
    static func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        if !condition() { fatalError("property violated: \(message())") }
    }
}
