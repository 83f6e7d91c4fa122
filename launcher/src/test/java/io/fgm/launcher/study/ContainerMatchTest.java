package io.fgm.launcher.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fgm.query.ContainerInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link ContainerMatch}. */
class ContainerMatchTest {
    static ContainerInfo c(String id, String pod, String name) {
        return new ContainerInfo(id, "uid-" + pod, pod, "shop", name, "Burstable", "node-a",
                List.of("m"), 0, 1);
    }

    static final List<ContainerInfo> KNOWN = List.of(
            c("aaa111", "web-1", "app"), c("aaa222", "web-1", "sidecar"),
            c("bbb333", "web-1", null), c("ccc444", "db-0", "postgres"));

    @Test
    void an_exact_id_a_unique_prefix_and_the_name_forms_resolve() {
        assertEquals("aaa111", ContainerMatch.resolve("aaa111", KNOWN).containerId());
        assertEquals("aaa222", ContainerMatch.resolve("aaa2", KNOWN).containerId());
        assertEquals("ccc444", ContainerMatch.resolve("postgres", KNOWN).containerId());
        assertEquals("aaa222", ContainerMatch.resolve("web-1/sidecar", KNOWN).containerId());
        assertEquals("ccc444", ContainerMatch.resolve("shop/db-0/postgres", KNOWN).containerId());
        assertEquals("ccc444", ContainerMatch.resolve("db-0", KNOWN).containerId());
    }

    @Test
    void a_pod_with_several_named_containers_is_ambiguous_and_its_sandbox_is_not_listed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContainerMatch.resolve("web-1", KNOWN));
        assertTrue(e.getMessage().contains("aaa111 (shop/web-1/app), aaa222 (shop/web-1/sidecar)"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("bbb333"), e.getMessage());
    }

    @Test
    void an_unknown_name_lists_the_close_ones_first() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContainerMatch.resolve("postgress", KNOWN));
        assertTrue(e.getMessage().startsWith("unknown container 'postgress'; close matches: ccc444"),
                e.getMessage());
        IllegalArgumentException far = assertThrows(IllegalArgumentException.class,
                () -> ContainerMatch.resolve("zzzzzzzzzz", KNOWN));
        assertTrue(far.getMessage().contains("the store has aaa111"), far.getMessage());
    }
}
