package dev.uptake.launcher.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;

class KeyValueTypeTest {

    private final KeyedH2Backend.KeyValueType type = new KeyedH2Backend.KeyValueType();

    @Test
    void shouldOrderKeysAsTheServerOrdersValues() {
        List<Object> values = List.of("b", "a/2", "a/10", "é", "Z", 3, 2.5, "", true);
        for (Object a : values) {
            for (Object b : values) {
                assertThat(Integer.signum(type.compare(new KeyValue(a), new KeyValue(b))))
                        .as("%s against %s", a, b)
                        .isEqualTo(Integer.signum(ValueComparator.asc().compare(a, b)));
            }
        }
    }

    @Test
    void shouldOrderCompositeKeysElementByElementThenByLength() {
        List<KeyValue> keys = new ArrayList<>(List.of(new KeyValue("t", 2), new KeyValue("t", 1), new KeyValue("s", 9),
                new KeyValue("t")));
        keys.sort(type);
        assertThat(keys).containsExactly(new KeyValue("s", 9), new KeyValue("t"), new KeyValue("t", 1),
                new KeyValue("t", 2));
    }

    @Test
    void shouldOrderDocumentIdsAsH2Does() {
        KeyedH2Backend.IdType ids = new KeyedH2Backend.IdType();
        org.h2.mvstore.type.ObjectDataType h2 = new org.h2.mvstore.type.ObjectDataType();
        List<Object> values = List.of("t/b", "t/a", "é", "", 7, 7L, 2.5, java.util.UUID.fromString("00000000-0000-0000-0000-000000000001"));
        for (Object a : values) {
            for (Object b : values) {
                assertThat(Integer.signum(ids.compare(a, b))).as("%s against %s", a, b)
                        .isEqualTo(Integer.signum(h2.compare(a, b)));
            }
        }
    }

    @Test
    void shouldReadBackWhatItWroteForStringAndMixedKeys() {
        List<KeyValue> keys = List.of(new KeyValue("t1/9c1e-ü-😀"), new KeyValue("t1", ""), new KeyValue("t1", 3),
                new KeyValue(new Object[] { null }));
        for (KeyValue key : keys) {
            assertThat(roundTrip(key)).as("%s", key).isEqualTo(key);
        }
    }

    @Test
    void shouldReadKeysWrittenInH2sObjectFormatByEarlierVersions() {
        org.h2.mvstore.WriteBuffer buffer = new org.h2.mvstore.WriteBuffer();
        new org.h2.mvstore.type.ObjectDataType().write(buffer, new KeyValue("t1/legacy"));
        assertThat(type.read(buffer.getBuffer().flip())).isEqualTo(new KeyValue("t1/legacy"));
    }

    @Test
    void shouldStoreStringKeysWithoutJavaSerialisation() {
        org.h2.mvstore.WriteBuffer compact = new org.h2.mvstore.WriteBuffer();
        type.write(compact, new KeyValue("t1/abc"));
        org.h2.mvstore.WriteBuffer serialised = new org.h2.mvstore.WriteBuffer();
        new org.h2.mvstore.type.ObjectDataType().write(serialised, new KeyValue("t1/abc"));
        assertThat(compact.position()).isLessThan(serialised.position() / 4);
    }

    private KeyValue roundTrip(KeyValue key) {
        org.h2.mvstore.WriteBuffer buffer = new org.h2.mvstore.WriteBuffer();
        type.write(buffer, key);
        return type.read(buffer.getBuffer().flip());
    }
}
