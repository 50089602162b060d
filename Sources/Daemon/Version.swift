/// learnd's version, reported by `--version`, `status` and in checkpoints.
public enum Version {
    public static let string = "0.1.0"
}
