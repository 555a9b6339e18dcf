package dev.uptake.launcher.infra;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.NumericUtils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

/**
 * An update of one document by the operators the services send ({@code $set}, {@code $setOnInsert},
 * {@code $inc}, {@code $min}, {@code $max}, {@code $addToSet} and {@code $push} with {@code $each}, {@code $sort} and
 * {@code $slice}) on plain field paths, with mongo-java-server's semantics, applied to a copy of the changed paths
 * alone. The stock engine copies the whole document deeply twice, splits each path with a regular expression and
 * compares whole documents: about two fifths of the stand-in's CPU in a drain of scoring's writes. The document given
 * is never changed, so a reader that holds it meanwhile sees it whole.
 * <p>
 * Anything else (other operators, a path through an array or a non-document, a {@code $} or an {@code _id} in a path,
 * conflicting paths, a value the stock engine would refuse) gives null: the caller leaves that update to the stock
 * engine, which applies it or answers with its error.
 */
final class CopyOnWriteUpdate {

    /**
     * The document after the update (the given instance itself when nothing changed) and whether it changed as the
     * stock engine reports it, with numbers of different types but equal values counted as unchanged.
     */
    record Outcome(Document document, boolean modified) {
    }

    private static final Set<String> OPERATORS = Set.of("$set", "$setOnInsert", "$inc", "$min", "$max", "$addToSet",
            "$push");
    private static final Object UNSUPPORTED = new Object();
    private static final Object UNCHANGED = new Object();
    private static final String ID = "_id";

    private CopyOnWriteUpdate() {
    }

    /**
     * The outcome of {@code update} on {@code document}, or null when only the stock engine can apply it; with
     * {@code inserting}, the document is the one an upsert inserts ({@code _id} alone), and {@code $setOnInsert} sets.
     */
    static Outcome apply(Document document, Document update, boolean inserting) {
        if (!supported(update)) {
            return null;
        }
        Copy copy = new Copy(document);
        boolean modified = false;
        for (Map.Entry<String, Object> operation : update.entrySet()) {
            String operator = operation.getKey();
            if (operator.equals("$setOnInsert") && !inserting) {
                continue;
            }
            for (Map.Entry<String, Object> change : ((Document) operation.getValue()).entrySet()) {
                String[] path = change.getKey().split("\\.");
                Object old = read(document, path);
                Object updated = old == UNSUPPORTED ? UNSUPPORTED : switch (operator) {
                    case "$set", "$setOnInsert" -> set(old, change.getValue());
                    case "$inc" -> inc(old, change.getValue());
                    case "$min" -> minMax(old, change.getValue(), -1);
                    case "$max" -> minMax(old, change.getValue(), 1);
                    case "$addToSet" -> addToSet(old, change.getValue());
                    default -> push(old, change.getValue());
                };
                if (updated == UNSUPPORTED) {
                    return null;
                }
                if (updated != UNCHANGED && !Objects.equals(old, updated)) {
                    copy.write(path, updated);
                    // A new field counts even when null: the document has a key more.
                    modified |= old instanceof Missing || !sameValue(old, updated);
                }
            }
        }
        return new Outcome(copy.result(), modified);
    }

    /** Known operators over documents of plain paths, none of them on another's path. */
    private static boolean supported(Document update) {
        if (update.isEmpty()) {
            return false;
        }
        Set<String> paths = new HashSet<>();
        for (Map.Entry<String, Object> operation : update.entrySet()) {
            if (!OPERATORS.contains(operation.getKey()) || !(operation.getValue() instanceof Document changes)) {
                return false;
            }
            for (String path : changes.keySet()) {
                if (path.isEmpty() || path.indexOf('$') >= 0 || path.startsWith(".") || path.endsWith(".")
                        || path.contains("..") || path.equals(ID) || path.startsWith(ID + ".") || !paths.add(path)) {
                    return false;
                }
            }
        }
        for (String path : paths) {
            for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
                if (paths.contains(path.substring(0, dot))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The value at {@code path}, {@link Missing} when absent, or UNSUPPORTED when the path crosses a non-document. */
    private static Object read(Document document, String[] path) {
        Document parent = document;
        for (int i = 0; i < path.length - 1; i++) {
            if (!parent.containsKey(path[i])) {
                return Missing.getInstance();
            }
            if (!(parent.get(path[i]) instanceof Document child)) {
                return UNSUPPORTED;
            }
            parent = child;
        }
        String last = path[path.length - 1];
        return parent.containsKey(last) ? parent.get(last) : Missing.getInstance();
    }

    private static Object set(Object old, Object value) {
        return !(old instanceof Missing) && sameValue(value, old) ? UNCHANGED : value;
    }

    private static Object inc(Object old, Object value) {
        if (!(value instanceof Number increment)) {
            return UNSUPPORTED;
        }
        if (Missing.isNullOrMissing(old)) {
            old = Integer.valueOf(0);
        }
        if (!(old instanceof Number number)) {
            return UNSUPPORTED;
        }
        try {
            return NumericUtils.addNumbers(number, increment);
        } catch (UnsupportedOperationException e) {
            return UNSUPPORTED;
        }
    }

    /** {@code $min} (sign -1) or {@code $max} (1): compared as the stock engine compares, types first. */
    private static Object minMax(Object old, Object value, int sign) {
        if (old instanceof Missing) {
            return value;
        }
        if (old instanceof Collection<?> || value instanceof Collection<?>) {
            return UNSUPPORTED;
        }
        return Integer.signum(ValueComparator.asc().compare(value, old)) == sign ? value : UNCHANGED;
    }

    private static Object addToSet(Object old, Object value) {
        List<Object> list = listOf(old);
        if (list == null) {
            return UNSUPPORTED;
        }
        Collection<?> values = Collections.singletonList(value);
        if (value instanceof Document each && (each.isEmpty() || each.keySet().iterator().next().equals("$each"))) {
            if (each.size() != 1 || !(each.get("$each") instanceof Collection<?> given)) {
                return UNSUPPORTED;
            }
            values = given;
        }
        for (Object element : values) {
            if (!list.contains(element)) {
                list.add(element);
            }
        }
        return list;
    }

    private static Object push(Object old, Object value) {
        List<Object> list = listOf(old);
        if (list == null) {
            return UNSUPPORTED;
        }
        if (!(value instanceof Document modifiers) || !modifiers.containsKey("$each")) {
            list.add(value);
            return list;
        }
        Comparator<Object> order = null;
        Integer slice = null;
        for (Map.Entry<String, Object> modifier : modifiers.entrySet()) {
            Object argument = modifier.getValue();
            switch (modifier.getKey()) {
                case "$each" -> {
                    if (!(argument instanceof Collection<?> values)) {
                        return UNSUPPORTED;
                    }
                    list.addAll(values);
                }
                case "$slice" -> {
                    if (!(argument instanceof Number number)) {
                        return UNSUPPORTED;
                    }
                    slice = number.intValue();
                }
                case "$sort" -> {
                    double direction = argument instanceof Number number ? number.doubleValue() : 0;
                    if (direction != 1 && direction != -1) {
                        return UNSUPPORTED;
                    }
                    order = direction == 1 ? ValueComparator.asc() : ValueComparator.desc();
                }
                default -> {
                    return UNSUPPORTED;
                }
            }
        }
        if (order != null) {
            list.sort(order);
        }
        if (slice == null) {
            return list;
        }
        return new ArrayList<>(slice < 0 ? list.subList(Math.max(0, list.size() + slice), list.size())
                : list.subList(0, Math.min(slice, list.size())));
    }

    /** A new list holding the array's elements (none when absent or null), or null when the value is no array. */
    @SuppressWarnings("unchecked")
    private static List<Object> listOf(Object old) {
        if (Missing.isNullOrMissing(old)) {
            return new ArrayList<>();
        }
        return old instanceof List<?> list ? new ArrayList<>((List<Object>) list) : null;
    }

    /**
     * Equal as the stock engine compares values, numbers by value across types and missing as null: its own
     * {@code Utils.nullAwareEquals} and {@code normalizeValue}, which are not public.
     */
    private static boolean sameValue(Object a, Object b) {
        if (a == b || Missing.isNullOrMissing(a) && Missing.isNullOrMissing(b)) {
            return true;
        }
        if (Missing.isNullOrMissing(a) || Missing.isNullOrMissing(b)) {
            return false;
        }
        return Objects.equals(normalized(a), normalized(b));
    }

    private static Object normalized(Object value) {
        if (Missing.isNullOrMissing(value)) {
            return null;
        }
        if (value instanceof Long number && number != (long) number.doubleValue()) {
            return value;
        }
        if (value instanceof Number number) {
            double normal = number.doubleValue();
            return Double.valueOf(normal == -0.0 ? 0.0 : normal);
        }
        if (value instanceof Map<?, ?> map) {
            Document result = new Document();
            map.forEach((key, entry) -> result.put((String) key, normalized(entry)));
            return result;
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(CopyOnWriteUpdate::normalized).toList();
        }
        return value;
    }

    /** A shallow copy of the document, made on the first write, and of each sub-document on the way to a write. */
    private static final class Copy {

        private final Document original;
        private final Set<Document> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        private Document root;

        Copy(Document original) {
            this.original = original;
        }

        /** Every step of {@code path} but the last is a document or absent ({@link #read}). */
        void write(String[] path, Object value) {
            if (root == null) {
                root = own(original);
            }
            Document parent = root;
            for (int i = 0; i < path.length - 1; i++) {
                Object child = parent.get(path[i]);
                if (!(child instanceof Document document) || !owned.contains(document)) {
                    Document next = own(child instanceof Document shared ? shared : null);
                    parent.put(path[i], next);
                    child = next;
                }
                parent = (Document) child;
            }
            parent.put(path[path.length - 1], value);
        }

        /** A copy of {@code shared} this update may change, or a new document where there was none. */
        private Document own(Document shared) {
            Document copy = shared == null ? new Document() : new Document(shared);
            owned.add(copy);
            return copy;
        }

        Document result() {
            return root == null ? original : root;
        }
    }
}
