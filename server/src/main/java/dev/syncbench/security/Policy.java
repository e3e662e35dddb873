package dev.syncbench.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One access policy (reference features §3.1): which maps ({@code mapPattern}), which action, allow
 * or deny, and an optional {@code condition} over the subject and the record. {@code subjects}
 * and {@code roles} (ours, both optional) narrow a policy to the subjects named or to holders of a
 * role named; with both, either suffices; with neither it applies to everybody, as in TopGun.
 */
public record Policy(String id, String mapPattern, AccessAction action, boolean allow, JsonNode condition,
                     List<String> subjects, List<String> roles) {

    public Policy {
        subjects = subjects == null ? List.of() : List.copyOf(subjects);
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    public String effect() {
        return allow ? "allow" : "deny";
    }
}
