package dev.syncbench.security;

import java.util.Set;

/** A policy with its pattern and condition compiled, ready to evaluate. */
record CompiledPolicy(Policy policy, MapPattern pattern, Condition condition, Set<String> subjects, Set<String> roles) {

    static CompiledPolicy compile(Policy policy) throws InvalidPolicyException {
        Condition condition = policy.condition() == null ? null : Condition.compile(policy.condition());
        return new CompiledPolicy(policy, MapPattern.compile(policy.mapPattern()), condition,
                Set.copyOf(policy.subjects()), Set.copyOf(policy.roles()));
    }

    boolean allow() {
        return policy.allow();
    }

    /** Whether the policy is narrowed to some subjects or roles. */
    boolean targetsPrincipals() {
        return !subjects.isEmpty() || !roles.isEmpty();
    }

    boolean appliesTo(AccessSubject subject) {
        if (!targetsPrincipals()) {
            return true;
        }
        if (!subject.isKnown()) {
            return false;
        }
        if (subjects.contains(subject.id())) {
            return true;
        }
        for (String role : subject.roles()) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }
}
