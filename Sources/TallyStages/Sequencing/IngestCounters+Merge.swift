import TallyCore

extension IngestCounters {
    /// Adds another run's counts (merging snapshots): every count adds; unpriced models beyond
    /// `unpricedModelsMax` names go under `otherModels`, as in a run.
    /// - Complexity: O(reasons + unpriced models).
    package mutating func add(_ other: IngestCounters) {
        linesRead = Self.plus(linesRead, other.linesRead)
        blankLines = Self.plus(blankLines, other.blankLines)
        decodedBytes = Self.plus(decodedBytes, other.decodedBytes)
        eventsAccepted = Self.plus(eventsAccepted, other.eventsAccepted)
        usageEvents = Self.plus(usageEvents, other.usageEvents)
        outcomeEvents = Self.plus(outcomeEvents, other.outcomeEvents)
        lateEvents = Self.plus(lateEvents, other.lateEvents)
        duplicateEvents = Self.plus(duplicateEvents, other.duplicateEvents)
        for r in rejectedByReason.indices { rejectedByReason[r] = Self.plus(rejectedByReason[r], other.rejectedByReason[r]) }
        for r in skippedByReason.indices { skippedByReason[r] = Self.plus(skippedByReason[r], other.skippedByReason[r]) }
        extraRecords = Self.plus(extraRecords, other.extraRecords)
        costReportedEvents = Self.plus(costReportedEvents, other.costReportedEvents)
        costEstimatedEvents = Self.plus(costEstimatedEvents, other.costEstimatedEvents)
        costUnpricedEvents = Self.plus(costUnpricedEvents, other.costUnpricedEvents)
        costEstimatedNanoUSD.addSaturating(other.costEstimatedNanoUSD)
        for (model, events) in other.unpricedModelsByEvents {
            let name = unpricedModels[model] == nil && unpricedModels.count >= Self.unpricedModelsMax ? Self.otherModels : model
            unpricedModels[name] = Self.plus(unpricedModels[name] ?? 0, events)
        }
    }

    /// A count added to another, stopping at `Int.max`: a damaged header's count cannot trap.
    private static func plus(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }
}
