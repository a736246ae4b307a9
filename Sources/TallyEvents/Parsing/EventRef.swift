/// Slots of an event's references in `EventBatch.keys` beyond the five counted `KeyDimension`s:
/// strings that the insights stage joins on (sessions, tasks) or reads (an outcome's status).
package enum EventRef {
    package static let session = 5
    package static let task = 6
    package static let status = 7
}
