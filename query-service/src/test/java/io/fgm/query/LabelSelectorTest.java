package io.fgm.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for {@link LabelSelector}: Kubernetes semantics over identity labels and pod labels. */
class LabelSelectorTest {
  static final ContainerInfo API = new ContainerInfo("c-api", "uid-api", "api-0", "shop", "api", "Burstable",
      "node-a", List.of("cpu.usage_millicores"), 0, 1000);
  static final Map<String, String> CHECKOUT = Map.of("app", "checkout", "team", "payments",
      "app.kubernetes.io/name", "checkout-api", "namespace", "evil", "node", "elsewhere");

  static boolean matches(String selector, Map<String, String> podLabels) {
    return LabelSelector.parse(selector).matches(API, podLabels);
  }

  @Test
  void equality_and_set_terms_match_the_pod_labels() {
    assertTrue(matches("app=checkout", CHECKOUT));
    assertTrue(matches("app==checkout,team=payments", CHECKOUT));
    assertTrue(matches("team in (search,payments)", CHECKOUT));
    assertTrue(matches("app.kubernetes.io/name=checkout-api", CHECKOUT));
    assertTrue(matches("app,team", CHECKOUT));
    assertFalse(matches("app=cart", CHECKOUT));
    assertFalse(matches("app!=checkout", CHECKOUT));
    assertFalse(matches("team notin (payments)", CHECKOUT));
    assertFalse(matches("!app", CHECKOUT));
    assertFalse(matches("app=checkout,team=search", CHECKOUT)); // every term must hold
  }

  @Test
  void a_label_the_pod_does_not_have_matches_only_the_negative_terms() {
    Map<String, String> none = Map.of();
    assertFalse(matches("app=x", none));
    assertFalse(matches("app in (x,y)", none));
    assertFalse(matches("app", none));
    assertTrue(matches("app!=x", none));
    assertTrue(matches("app notin (x,y)", none));
    assertTrue(matches("!app", none));
    assertTrue(matches("!app", Map.of("team", "payments"))); // another label does not count
    assertTrue(matches("app!=x", CHECKOUT)); // present with another value
  }

  @Test
  void identity_labels_win_over_pod_labels_of_the_same_name() {
    assertTrue(matches("namespace=shop,node=node-a", CHECKOUT));
    assertFalse(matches("namespace=evil", CHECKOUT));
    assertFalse(matches("node=elsewhere", CHECKOUT));
    assertTrue(matches("container_name=api,app=checkout,qos!=Guaranteed", CHECKOUT));
  }

  @Test
  void a_null_identity_label_is_absent() {
    ContainerInfo bare = new ContainerInfo("c-bare", null, null, null, null, null, "node-a", List.of(), 0, 1);
    assertTrue(LabelSelector.parse("!pod_name,pod_uid!=x").matches(bare, Map.of()));
    assertFalse(LabelSelector.parse("namespace").matches(bare, Map.of()));
  }

  @Test
  void only_selectors_naming_a_pod_label_need_the_pod_labels() {
    assertFalse(LabelSelector.parse("namespace=shop,qos in (Burstable),!pod_uid").needsPodLabels());
    assertTrue(LabelSelector.parse("namespace=shop,app").needsPodLabels());
    assertTrue(LabelSelector.parse("namespace=shop").matches(API)); // the identity-only shortcut
    assertFalse(LabelSelector.parse("app=checkout").matches(API));
  }

  @Test
  void unknown_and_mixed_case_keys_are_not_errors() {
    assertTrue(matches("Colour!=red,example.com/tier notin (gold),!App", CHECKOUT));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "=x", "app=x=y", "app in (a", "app in a,b", "app in ()", "app in (a,,b)", "app notin (a)b", ")app(",
      "app x", "-app=x", "app-=x", "a/b/c=x", "Bad_Prefix.com/app=x", "app,,team", ",", "app=(x)",
      "!app=x", "app!", "app=x y", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=x"})
  void malformed_selectors_are_rejected_naming_the_selector(String selector) {
    BadParameterException e = assertThrows(BadParameterException.class, () -> LabelSelector.parse(selector));
    assertEquals("selector", e.parameter());
    assertFalse(e.getMessage().isBlank());
  }
}
