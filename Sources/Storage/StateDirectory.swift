#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// The directory checkpoints live in: created when missing (like `mkdir -p`, mode 0750 for new
/// components) and checked for write access before anything is started.
public enum StateDirectory {
    public static func prepare(_ path: FilePath) throws(StorageError) {
        var partial = FilePath(path.root?.string ?? "")
        for component in path.components {
            partial.append(component)
            if mkdir(partial.string, 0o750) != 0 && errno != EEXIST {
                throw StorageError(.createDirectory, partial, errno: Errno(rawValue: errno))
            }
        }
        var info = stat()
        guard stat(path.string, &info) == 0 else { throw StorageError(.createDirectory, path, errno: Errno(rawValue: errno)) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw StorageError(.createDirectory, path, reason: "not a directory") }
        guard access(path.string, W_OK | X_OK) == 0 else { throw StorageError(.checkWritable, path, errno: Errno(rawValue: errno)) }
    }
}
