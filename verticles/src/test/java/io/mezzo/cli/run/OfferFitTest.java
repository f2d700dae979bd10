package io.mezzo.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mezzo.model.Resources;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Carving tasks out of offers. */
class OfferFitTest {
  @Test
  void fitsAsManyTasksAsTheOfferHolds() {
    Resources need = Resources.parse("cpus:0.1;mem:32");
    List<Resources> fits = OfferFit.fit(Resources.parse("cpus:4;mem:100;disk:10;ports:[31000-31010]"), need, 20);
    assertEquals(3, fits.size(), "mem allows three");
    fits.forEach(task -> assertEquals(need, task));
    assertEquals(2, OfferFit.fit(Resources.parse("cpus:4;mem:4096"), need, 2).size(), "never more than asked");
    assertTrue(OfferFit.fit(Resources.parse("cpus:0.05;mem:4096"), need, 5).isEmpty());
  }

  @Test
  void reservedResourcesOfTheRoleAreUsedFirst() {
    Resources offered = Resources.parse("cpus(ads):0.15;cpus:4;mem:4096");
    List<Resources> fits = OfferFit.fit(offered, Resources.parse("cpus:0.1;mem:32"), 2);
    assertEquals(Resources.parse("cpus(ads):0.1;mem:32"), fits.get(0));
    assertEquals(Resources.parse("cpus(ads):0.05;cpus:0.05;mem:32"), fits.get(1), "a task may span roles");
    assertNull(OfferFit.carve(Resources.parse("mem:64"), Resources.parse("cpus:0.1;mem:32")));
  }
}
