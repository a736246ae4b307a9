import TallyEvents

extension RedFlag {
    /// The flag as `scope` may show it: about a visible person, or a task with a visible
    /// contributor (naming only the visible ones); nil when it concerns no one the scope sees.
    public func scoped(_ scope: VisibilityScope) -> RedFlag? {
        guard scope.visibleUsers != nil else { return self }
        let visible = people.filter(scope.canSee(user:))
        guard !visible.isEmpty else { return nil }
        var flag = self
        flag.people = visible
        flag.hiddenPeople += people.count - visible.count
        return flag
    }
}
