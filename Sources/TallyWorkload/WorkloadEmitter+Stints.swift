/// The `realistic` and `dense` profiles: each pool slot holds a person's stint (about an active day)
/// of several sessions. A session uses the person's usual tool 3 times in 8 and any tool otherwise,
/// any model half the time and one typical of the tool otherwise, and a heavy-tailed number of calls
/// around `sessionCalls`. Tasks are shared within a team: a session mostly goes on with its person's
/// main task while it is live (opened less than `taskDays` ago and not finished), or else joins the
/// team's newest live task (`peoplePerTask - 1` times in `peoplePerTask`) or opens one.
/// O(1) per event, plus O(log users) when a stint starts; no allocation.
extension WorkloadEmitter {
    mutating func startStintSession(in slot: Int, nowMs: Int64) {
        guard let shape = stints.shape else { preconditionFailure("a stint profile has a shape") }
        var session = sessions[slot]
        if session.user < 0 || session.sessionsLeftInStint <= 0 {
            let user = population.sampleUser(random.next())
            session.user = Int32(user)
            session.team = population.teamOfUser[user]
            session.tokenScaleQ12 = population.tokenScaleQ12[user]
            // 1 to 2 sessionsPerDay - 1 sessions (sessionsPerDay on average), times the user's
            // session-length factor: heavy users open more sessions rather than longer ones.
            let sessions = 1 + SplitMix64.scale(random.next(), below: UInt64(2 * shape.sessionsPerDay - 1))
            let scaled = (sessions &* UInt64(population.sessionLengthQ12[user])) >> 12
            session.sessionsLeftInStint = Int32(min(max(scaled, 1), 1 << 20))
        }
        let user = Int(session.user)
        // Bits of r: 0-7 usual tool, 8-39 other tool, 40-43 tool's model, 44-45 any model,
        // 48-57 session length, 61-63 which model.
        let r = random.next()
        let tool = r & 0xFF < WorkloadStints.primaryToolOutOf256
            ? Int(population.primaryToolOfUser[user])
            : Int(SplitMix64.scale(r >> 8, below: UInt64(catalog.tools.count)))
        session.tool = UInt8(tool)
        session.model = (r >> 44) & 3 < WorkloadStints.anyModelOutOf4
            ? UInt8((r >> 61) % UInt64(catalog.models.count))
            : catalog.sessionModels[tool * 16 + Int((r >> 40) & 15)]
        let calls = (UInt64(shape.sessionCalls) &* UInt64(sessionLengthQ12[Int((r >> 48) & 1023)])) >> 12
        session.remainingCalls = Int32(min(max(calls, 1), 100_000))
        session.callsMade = 0
        session.id = nextSessionNumber
        nextSessionNumber += 1
        session.sessionsLeftInStint -= 1
        session.task = pickTask(user: user, team: Int(session.team), nowMs: nowMs)
        sessions[slot] = session
    }

    /// The task a session of `user` works on from `nowMs`. Mostly the person's main task while it is
    /// live (so it spans their stints of the next days); otherwise the team's newest live task or a
    /// new one, which becomes the main task only when the old one is over. O(1).
    mutating func pickTask(user: Int, team: Int, nowMs: Int64) -> UInt64 {
        let r = random.next()
        let own = userTask[user]
        let ownIsLive = stints.isLive(own, openedMs: stints.userTaskOpenedMs[user], nowMs: nowMs)
        if ownIsLive, r & 15 < WorkloadStints.continueTaskOutOf16 { return own }
        var task = stints.teamTask[team]
        var openedMs = stints.teamTaskOpenedMs[team]
        let peoplePerTask = UInt64(stints.shape?.peoplePerTask ?? 1)
        if task == own || SplitMix64.scale(r >> 4, below: peoplePerTask) == 0
            || !stints.isLive(task, openedMs: openedMs, nowMs: nowMs)
        {
            task = nextTaskNumber
            openedMs = nowMs
            nextTaskNumber += 1
            stints.setStage(0, of: task)
            stints.teamTask[team] = task
            stints.teamTaskOpenedMs[team] = nowMs
        }
        if !ownIsLive {
            userTask[user] = task
            stints.userTaskOpenedMs[user] = openedMs
        }
        return task
    }

    /// Stage of the session's task before an outcome; a session whose task another person finished
    /// moves to another task first. O(1).
    mutating func currentStage(of session: inout WorkloadSession, nowMs: Int64) -> UInt8 {
        if stints.stage(of: session.task) == WorkloadStints.done {
            session.task = pickTask(user: Int(session.user), team: Int(session.team), nowMs: nowMs)
        }
        return stints.stage(of: session.task)
    }

    /// Records the outcome `status` of the session's task for everyone on it; after a final status
    /// the session moves on to another task. O(1).
    mutating func recordStage(of session: inout WorkloadSession, status: Int, nowMs: Int64) {
        guard status >= WorkloadCatalog.shipped else {
            stints.setStage(session.taskStage, of: session.task)
            return
        }
        stints.setStage(WorkloadStints.done, of: session.task)
        session.task = pickTask(user: Int(session.user), team: Int(session.team), nowMs: nowMs)
    }
}
