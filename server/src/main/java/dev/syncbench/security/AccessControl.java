package dev.syncbench.security;

import dev.syncbench.store.RecordStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.msgpack.value.ValueFactory;

/**
 * Decides who may read and write which map (reference features §3), from the stored policies.
 *
 * <p>Until the first policy is created everything is allowed and nothing is evaluated
 * ({@link #enforcing()} false). From then on what no policy allows is denied, also once every
 * policy is deleted, unless the server runs with {@code access.open-when-no-policies}. Subjects in
 * {@code adminSubjects} (TOPGUN_ADMIN_SUBJECTS) are always allowed; a role claim alone never is.
 *
 * <p>Cheap by construction: the policies are compiled once per change into an immutable
 * {@link Rules} snapshot that a change replaces whole (so it applies to the very next request);
 * per map the policies matching its name are found once, and per (map, action), or per (map,
 * action, subject) when some policy names subjects or roles, the verdict is computed once and kept.
 * Only conditions that read the record are evaluated per request.
 */
public final class AccessControl {
    /** Distinct map names whose rules are kept; past it, rules are computed per request (map names come from clients). */
    private static final int MAX_CACHED_MAPS = 16_384;
    /** Distinct subjects whose verdicts are kept per map. */
    private static final int MAX_CACHED_SUBJECTS = 4_096;

    private final PolicyStore store;
    private final Set<String> adminSubjects;
    private final boolean openWhenNoPolicies;
    private final Map<String, Policy> policies = new LinkedHashMap<>();
    private boolean configured;
    private volatile Rules rules;

    /**
     * Loads the stored policies.
     *
     * @param adminSubjects token subjects allowed everything (never used when auth is disabled: there are no subjects)
     * @param openWhenNoPolicies when true, no policies means allow all again, as before the first one
     */
    public AccessControl(RecordStore store, Set<String> adminSubjects, boolean openWhenNoPolicies) {
        this.store = new PolicyStore(store);
        this.adminSubjects = Set.copyOf(adminSubjects);
        this.openWhenNoPolicies = openWhenNoPolicies;
        PolicyStore.Loaded loaded = this.store.load();
        loaded.policies().forEach(p -> policies.put(p.id(), p));
        this.configured = loaded.configured();
        this.rules = compile();
    }

    /** False while every request is allowed without evaluation: no policy was ever created. */
    public boolean enforcing() {
        return rules.enforcing;
    }

    /** The verdict for one subject, action and map; callers first check {@link #enforcing()}. */
    public Verdict verdict(AccessSubject subject, String mapName, AccessAction action) {
        Rules current = rules;
        if (!current.enforcing || (subject.isKnown() && adminSubjects.contains(subject.id()))) {
            return Verdict.ALLOWED;
        }
        return current.forMap(mapName).verdict(subject, action);
    }

    /** A request that concerns no particular record (reads, topics, counters). */
    public boolean allows(AccessSubject subject, String mapName, AccessAction action) {
        Verdict verdict = verdict(subject, mapName, action);
        return verdict.needsRecord() ? verdict.allows(subject, ValueFactory.newNil(), null) : verdict.allowed();
    }

    public boolean isAdminSubject(String subject) {
        return subject != null && adminSubjects.contains(subject);
    }

    public synchronized List<Policy> policies() {
        List<Policy> out = new ArrayList<>(policies.values());
        out.sort(Comparator.comparing(Policy::id));
        return out;
    }

    /**
     * Stores (or replaces, by id) a policy; it applies to the next request.
     *
     * @throws dev.syncbench.store.StoreUnavailableException when the store's log cannot take it; nothing changed
     */
    public synchronized Policy put(Policy policy) {
        store.put(policy);
        policies.put(policy.id(), policy);
        configured = true;
        rules = compile();
        return policy;
    }

    /** Deletes a policy if it exists; it no longer applies to the next request. */
    public synchronized void delete(String id) {
        if (policies.containsKey(id)) {
            store.delete(id);
            policies.remove(id);
            rules = compile();
        }
    }

    private Rules compile() {
        List<CompiledPolicy> compiled = new ArrayList<>(policies.size());
        for (Policy policy : policies.values()) {
            try {
                compiled.add(CompiledPolicy.compile(policy));
            } catch (InvalidPolicyException e) {
                // Policies are compiled before they are stored, so this is a bug, not input.
                throw new IllegalStateException("stored policy " + policy.id() + " does not compile", e);
            }
        }
        boolean enforcing = configured && !(openWhenNoPolicies && compiled.isEmpty());
        return new Rules(enforcing, compiled);
    }

    /** One immutable set of compiled policies and what has been worked out from it. */
    private static final class Rules {
        final boolean enforcing;
        final List<CompiledPolicy> policies;
        final ConcurrentHashMap<String, MapRules> byMap = new ConcurrentHashMap<>();

        Rules(boolean enforcing, List<CompiledPolicy> policies) {
            this.enforcing = enforcing;
            this.policies = policies;
        }

        MapRules forMap(String mapName) {
            MapRules cached = byMap.get(mapName);
            if (cached != null) {
                return cached;
            }
            MapRules built = new MapRules(matching(mapName));
            if (byMap.size() < MAX_CACHED_MAPS) {
                MapRules raced = byMap.putIfAbsent(mapName, built);
                return raced == null ? built : raced;
            }
            return built;
        }

        private List<CompiledPolicy> matching(String mapName) {
            List<CompiledPolicy> out = new ArrayList<>();
            for (CompiledPolicy policy : policies) {
                if (policy.pattern().matches(mapName)) {
                    out.add(policy);
                }
            }
            return out;
        }
    }

    /** The policies whose pattern matches one map, and the verdicts worked out from them. */
    private static final class MapRules {
        private static final AccessAction[] REQUESTED = {AccessAction.READ, AccessAction.WRITE, AccessAction.REMOVE};

        final List<CompiledPolicy> policies;
        final boolean perSubject;
        /** By requested action's ordinal, when no policy names subjects or roles. */
        final Verdict[] shared = new Verdict[REQUESTED.length];
        final ConcurrentHashMap<AccessSubject, Verdict[]> bySubject = new ConcurrentHashMap<>();

        MapRules(List<CompiledPolicy> policies) {
            this.policies = policies;
            boolean targeted = false;
            boolean subjectConditions = false;
            for (CompiledPolicy policy : policies) {
                targeted |= policy.targetsPrincipals();
                subjectConditions |= policy.condition() != null && !policy.condition().readsData();
            }
            this.perSubject = targeted || subjectConditions;
            if (!perSubject) {
                for (AccessAction action : REQUESTED) {
                    shared[action.ordinal()] = build(policies, AccessSubject.NONE, action);
                }
            }
        }

        Verdict verdict(AccessSubject subject, AccessAction action) {
            if (!perSubject) {
                return shared[action.ordinal()];
            }
            Verdict[] verdicts = bySubject.get(subject);
            if (verdicts == null) {
                verdicts = new Verdict[REQUESTED.length];
                for (AccessAction requested : REQUESTED) {
                    verdicts[requested.ordinal()] = build(policies, subject, requested);
                }
                if (bySubject.size() < MAX_CACHED_SUBJECTS) {
                    bySubject.putIfAbsent(subject, verdicts);
                }
            }
            return verdicts[action.ordinal()];
        }

        private static Verdict build(Collection<CompiledPolicy> policies, AccessSubject subject, AccessAction action) {
            boolean allow = false;
            List<Condition> denies = new ArrayList<>();
            List<Condition> allows = new ArrayList<>();
            for (CompiledPolicy policy : policies) {
                if (!policy.policy().action().covers(action) || !policy.appliesTo(subject)) {
                    continue;
                }
                Condition condition = policy.condition();
                if (condition != null && !condition.readsData()) {
                    // Settled by the subject alone: holds (unconditional from here) or drops out.
                    if (!condition.test(subject, ValueFactory.newNil())) {
                        continue;
                    }
                    condition = null;
                }
                if (condition == null) {
                    if (!policy.allow()) {
                        return Verdict.DENIED;
                    }
                    allow = true;
                } else if (policy.allow()) {
                    allows.add(condition);
                } else {
                    denies.add(condition);
                }
            }
            if (denies.isEmpty()) {
                if (allow) {
                    return Verdict.ALLOWED;
                }
                if (allows.isEmpty()) {
                    return Verdict.DENIED;
                }
            }
            return Verdict.conditional(allow, denies, allows);
        }
    }
}
