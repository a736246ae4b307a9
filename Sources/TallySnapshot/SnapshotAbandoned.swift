/// Thrown out of a snapshot's encoding when its writer gives it up before it is finished (a periodic
/// snapshot that the final cut supersedes): not a failure, and no file is left behind.
package struct SnapshotAbandoned: Error {
    package init() {}
}
