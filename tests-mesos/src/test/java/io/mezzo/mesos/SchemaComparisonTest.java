package io.mezzo.mesos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Mezzo's schema against Apache Mesos 1.11's descriptors: every message and enum both define
 * has the same field names, numbers, types and labels (Mezzo's {@code optional} standing for
 * Mesos's {@code required}: same wire format), and the same enum value numbers; whatever
 * Mezzo adds is a documented extension (docs/http-api.md). And every field Mesos requires
 * exists in Mezzo's counterpart, or Mezzo could never send it.
 */
class SchemaComparisonTest {
  @Test
  void sharedMessagesAndEnumsAgreeExceptDocumentedExtensions() throws Exception {
    Map<String, Descriptor> mesos = MesosSchema.messages();
    Map<String, EnumDescriptor> mesosEnums = MesosSchema.enums();
    Set<String> documented = CompatibilityDoc.load().extensions();
    List<String> problems = new ArrayList<>();
    Set<String> extensions = new TreeSet<>();
    int compared = 0;
    for (Descriptor ours : MezzoSchema.messages().values()) {
      Descriptor theirs = mesos.get(MesosSchema.mesosName(ours.getFullName()));
      if (theirs == null) {
        continue;
      }
      compared++;
      for (FieldDescriptor field : ours.getFields()) {
        FieldDescriptor same = theirs.findFieldByNumber(field.getNumber());
        String name = ours.getFullName() + "." + field.getName();
        if (same == null) {
          extensions.add(name);
          continue;
        }
        String why = difference(field, same);
        if (why != null) {
          problems.add(name + " = " + field.getNumber() + ": " + why);
        }
      }
      for (FieldDescriptor required : MesosSchema.required(theirs)) {
        if (ours.findFieldByNumber(required.getNumber()) == null) {
          problems.add(ours.getFullName() + " lacks " + required.getName() + " = " + required.getNumber()
              + ", which Mesos requires");
        }
      }
    }
    for (EnumDescriptor ours : MezzoSchema.enums().values()) {
      EnumDescriptor theirs = mesosEnums.get(MesosSchema.mesosName(ours.getFullName()));
      if (theirs == null) {
        continue;
      }
      for (EnumValueDescriptor value : ours.getValues()) {
        EnumValueDescriptor same = theirs.findValueByName(value.getName());
        String name = ours.getFullName() + "." + value.getName();
        if (same == null) {
          if (theirs.findValueByNumber(value.getNumber()) != null) {
            problems.add(name + " = " + value.getNumber() + ": Mesos names that number "
                + theirs.findValueByNumber(value.getNumber()).getName());
          } else {
            extensions.add(name);
          }
        } else if (same.getNumber() != value.getNumber()) {
          problems.add(name + " = " + value.getNumber() + ": Mesos numbers it " + same.getNumber());
        }
      }
    }
    assertTrue(compared > 50, "compared only " + compared + " messages: is the name mapping right?");
    Set<String> undocumented = new TreeSet<>(extensions);
    undocumented.removeAll(documented);
    Set<String> stale = new TreeSet<>(documented);
    stale.removeAll(extensions);
    assertTrue(problems.isEmpty(), "Mezzo's schema disagrees with Mesos's:\n  " + String.join("\n  ", problems));
    assertTrue(undocumented.isEmpty(), "extensions not listed in docs/http-api.md: " + undocumented);
    assertTrue(stale.isEmpty(), "docs/http-api.md lists extensions the schema does not have: " + stale);
  }

  /** Why {@code ours} and {@code theirs} (same number) differ on the wire or in JSON; null when they agree. */
  private static String difference(FieldDescriptor ours, FieldDescriptor theirs) {
    if (!ours.getName().equals(theirs.getName())) {
      return "Mesos names it " + theirs.getName();
    }
    if (ours.getType() != theirs.getType()) {
      return "type " + ours.getType() + ", Mesos has " + theirs.getType();
    }
    if (ours.isRepeated() != theirs.isRepeated()) {
      return ours.isRepeated() ? "repeated, Mesos has it singular" : "singular, Mesos has it repeated";
    }
    if (ours.isRepeated() && ours.isPacked() != theirs.isPacked()) {
      return "packed " + ours.isPacked() + ", Mesos " + theirs.isPacked();
    }
    String ourType = typeName(ours);
    String theirType = typeName(theirs);
    if (ourType != null && !MesosSchema.mesosName(ourType).equals(theirType)) {
      return "of type " + ourType + ", Mesos has " + theirType;
    }
    if (ours.hasDefaultValue() && theirs.hasDefaultValue() && !defaultOf(ours).equals(defaultOf(theirs))) {
      return "default " + defaultOf(ours) + ", Mesos " + defaultOf(theirs);
    }
    return null;
  }

  private static String defaultOf(FieldDescriptor field) {
    Object value = field.getDefaultValue();
    return value instanceof EnumValueDescriptor e ? e.getName() : String.valueOf(value);
  }

  private static String typeName(FieldDescriptor field) {
    return switch (field.getJavaType()) {
      case MESSAGE -> field.getMessageType().getFullName();
      case ENUM -> field.getEnumType().getFullName();
      default -> null;
    };
  }
}
