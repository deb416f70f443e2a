package org.rftworkbench.core.checkpoint;

import ai.djl.ndarray.types.DataType;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rftworkbench.core.checkpoint.PickleValues.PickleTuple;
import org.rftworkbench.core.checkpoint.PickleValues.TorchStorage;
import org.rftworkbench.core.checkpoint.PickleValues.TorchTensor;

/**
 * A restricted pickle interpreter that accepts what PyTorch's own {@code torch.load(weights_only=True)} accepts:
 * plain containers and scalars, {@code collections.OrderedDict}, {@code torch.Size}, the tensor/parameter rebuild
 * functions and the typed-storage classes referenced by persistent ids. Every other GLOBAL (also via STACK_GLOBAL,
 * INST or OBJ) is refused the moment it is read, and no Python object is ever constructed: the result is made of
 * {@code LinkedHashMap}, {@code ArrayList}, {@code LinkedHashSet}, {@link PickleTuple}, {@code String}, {@code Long},
 * {@code BigInteger}, {@code Double}, {@code Boolean}, {@code byte[]}, {@code null} (None), {@link TorchStorage} and
 * {@link TorchTensor}.
 *
 * <p>Why a small interpreter of our own instead of subclassing Pyrolite's {@code net.razorvine.pickle.Unpickler}:
 * Pyrolite resolves globals in package-private methods through a JVM-wide static constructor registry and turns
 * unknown classes into {@code ClassDict} objects, and its BUILD calls {@code __setstate__} by reflection. Refusing
 * there means re-implementing its dispatch anyway, and the safety argument would depend on another library's
 * internals. Here the allowlist is one table and every opcode is visible, which keeps the safety argument local.
 *
 * <p>Not thread-safe; use one instance per pickle.
 */
final class WeightsOnlyUnpickler {
    /** A problem with the pickle; the message is one line and does not name the file (the caller adds it). */
    static final class UnpicklingException extends Exception {
        private static final long serialVersionUID = 1L;

        UnpicklingException(String message) {
            super(message);
        }
    }

    static final String MODEL_OBJECT_HINT = "this is a pickled Python model object, not a state dict; export a state"
            + " dict with tools/export_state_dict.py (or torch.save(model.state_dict()))";

    @FunctionalInterface
    private interface PickleFunction {
        Object call(List<Object> args) throws UnpicklingException;
    }

    /** An allowed global: callable (REDUCE), instantiable (NEWOBJ) and/or a storage-class marker. */
    private record AllowedGlobal(String qualifiedName, PickleFunction function, boolean newObjAllowed,
            DataType storageType) {
        @Override
        public String toString() {
            return qualifiedName;
        }
    }

    private static final Map<String, AllowedGlobal> ALLOWED = allowedGlobals();
    private static final int MAX_LINE = 1 << 16;

    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final List<List<Object>> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    WeightsOnlyUnpickler(ByteBuffer pickle) {
        this.in = pickle.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Runs the pickle to its STOP opcode and returns the top object. */
    Object load() throws UnpicklingException {
        try {
            while (true) {
                int op = u8();
                if (op == '.') {
                    return pop();
                }
                step(op);
            }
        } catch (ArithmeticException | ClassCastException | IndexOutOfBoundsException | BufferUnderflowException
                | NumberFormatException e) {
            throw new UnpicklingException("corrupt pickle (" + e.getClass().getSimpleName() + " at byte "
                    + in.position() + ")");
        }
    }

    // ------------------------------------------------------------------------------------------ opcodes

    private void step(int op) throws UnpicklingException {
        switch (op) {
            case 0x80 -> u8(); // PROTO
            case 0x95 -> in.getLong(); // FRAME: only a read-ahead hint
            case '(' -> { // MARK: park the stack; popMark() restores it (CPython's metastack)
                marks.add(new ArrayList<>(stack));
                stack.clear();
            }
            case '0' -> pop();
            case '1' -> popMark();
            case '2' -> push(peek());
            case 'N' -> push(null);
            case 0x88 -> push(Boolean.TRUE);
            case 0x89 -> push(Boolean.FALSE);
            case 'I' -> push(parseIntLine(line()));
            case 'L' -> push(normalise(new BigInteger(stripSuffix(line(), "L"))));
            case 'J' -> push((long) in.getInt());
            case 'K' -> push((long) u8());
            case 'M' -> push((long) Short.toUnsignedInt(in.getShort()));
            case 0x8a -> push(littleEndianInt(bytes(u8())));
            case 0x8b -> push(littleEndianInt(bytes(length(in.getInt()))));
            case 'F' -> push(Double.parseDouble(line()));
            case 'G' -> push(ByteBuffer.wrap(bytes(8)).getDouble()); // BINFLOAT is big-endian
            case 'S' -> push(quoted(line()));
            case 'T' -> push(text(bytes(length(in.getInt())), StandardCharsets.ISO_8859_1));
            case 'U' -> push(text(bytes(u8()), StandardCharsets.ISO_8859_1));
            case 'V' -> push(line());
            case 'X' -> push(text(bytes(length(in.getInt())), StandardCharsets.UTF_8));
            case 0x8c -> push(text(bytes(u8()), StandardCharsets.UTF_8));
            case 0x8d -> push(text(bytes(length(in.getLong())), StandardCharsets.UTF_8));
            case 'B' -> push(bytes(length(in.getInt())));
            case 'C' -> push(bytes(u8()));
            case 0x8e, 0x96 -> push(bytes(length(in.getLong())));
            case ')' -> push(new PickleTuple(List.of()));
            case 't' -> push(new PickleTuple(popMark()));
            case 0x85 -> push(tupleOfTop(1));
            case 0x86 -> push(tupleOfTop(2));
            case 0x87 -> push(tupleOfTop(3));
            case ']' -> push(new ArrayList<>());
            case 'l' -> push(new ArrayList<>(popMark()));
            case 'a' -> {
                Object item = pop();
                asList(peek()).add(item);
            }
            case 'e' -> {
                List<Object> items = popMark();
                asList(peek()).addAll(items);
            }
            case '}' -> push(new LinkedHashMap<>());
            case 'd' -> push(dictOf(popMark()));
            case 's' -> {
                Object value = pop();
                Object key = pop();
                asMap(peek()).put(key, value);
            }
            case 'u' -> {
                List<Object> items = popMark();
                asMap(peek()).putAll(dictOf(items));
            }
            case 0x8f -> push(new LinkedHashSet<>());
            case 0x90 -> {
                List<Object> items = popMark();
                asSet(peek()).addAll(items);
            }
            case 0x91 -> push(Collections.unmodifiableSet(new LinkedHashSet<>(popMark())));
            case 'p' -> memo.put(Long.parseLong(line()), peek());
            case 'q' -> memo.put((long) u8(), peek());
            case 'r' -> memo.put(Integer.toUnsignedLong(in.getInt()), peek());
            case 0x94 -> memo.put((long) memo.size(), peek());
            case 'g' -> push(memoGet(Long.parseLong(line())));
            case 'h' -> push(memoGet(u8()));
            case 'j' -> push(memoGet(Integer.toUnsignedLong(in.getInt())));
            case 'c' -> {
                String module = line();
                String name = line();
                push(resolveGlobal(module, name));
            }
            case 0x93 -> {
                String name = asString(pop(), "STACK_GLOBAL name");
                String module = asString(pop(), "STACK_GLOBAL module");
                push(resolveGlobal(module, name));
            }
            case 'i' -> { // INST: GLOBAL + instantiate with the marked arguments
                String module = line();
                String name = line();
                AllowedGlobal cls = resolveGlobal(module, name);
                push(instantiate(cls, popMark()));
            }
            case 'o' -> { // OBJ: class is the first marked item
                List<Object> items = popMark();
                push(instantiate(items.get(0), items.subList(1, items.size())));
            }
            case 'R' -> {
                PickleTuple args = asTuple(pop(), "REDUCE arguments");
                Object callable = pop();
                push(call(callable, args.items()));
            }
            case 0x81 -> {
                PickleTuple args = asTuple(pop(), "NEWOBJ arguments");
                push(instantiate(pop(), args.items()));
            }
            case 0x92 -> {
                Object kwargs = pop();
                PickleTuple args = asTuple(pop(), "NEWOBJ_EX arguments");
                if (!(kwargs instanceof Map<?, ?> m) || !m.isEmpty()) {
                    throw new UnpicklingException("unsupported pickle: NEWOBJ_EX with keyword arguments");
                }
                push(instantiate(pop(), args.items()));
            }
            case 'b' -> build(pop(), peek());
            case 'Q' -> push(persistentLoad(pop()));
            case 'P' -> push(persistentLoad(line()));
            case 0x82, 0x83, 0x84 -> throw new UnpicklingException(
                    "unsafe pickle: refuses copyreg extension codes (only tensors and plain containers are allowed)");
            case 0x97, 0x98 -> throw new UnpicklingException("unsupported pickle: out-of-band buffers");
            default -> throw new UnpicklingException(String.format(
                    "corrupt pickle: unknown opcode 0x%02x at byte %d", op, in.position() - 1));
        }
    }

    // ------------------------------------------------------------------------------------------ globals

    private AllowedGlobal resolveGlobal(String module, String name) throws UnpicklingException {
        String pythonThreeModule = module.equals("__builtin__") ? "builtins" : module; // protocol-2 spelling
        AllowedGlobal allowed = ALLOWED.get(pythonThreeModule + "." + name);
        if (allowed != null) {
            return allowed;
        }
        String qualified = module + "." + name;
        if (looksLikeModelObject(module, name)) {
            throw new UnpicklingException("unsafe pickle: refuses global " + qualified + ": " + MODEL_OBJECT_HINT);
        }
        throw new UnpicklingException("unsafe pickle: refuses global " + qualified
                + " (only tensors and plain containers are allowed)");
    }

    /**
     * A refused global is taken for a pickled model when it is a torch.nn class, or a class (capitalised name)
     * that is the pickle's top-level object, as in {@code torch.save(model)} or {@code pickle.dump(model)}.
     */
    private boolean looksLikeModelObject(String module, String name) {
        boolean className = !name.isEmpty() && Character.isUpperCase(name.charAt(0));
        boolean topLevel = stack.isEmpty() && marks.isEmpty();
        return module.startsWith("torch.nn.") || (className && (topLevel || module.equals("__main__")));
    }

    private static Object call(Object callable, List<Object> args) throws UnpicklingException {
        if (callable instanceof AllowedGlobal g && g.function() != null) {
            return g.function().call(args);
        }
        throw new UnpicklingException("unsupported pickle: cannot call " + describe(callable));
    }

    private static Object instantiate(Object cls, List<Object> args) throws UnpicklingException {
        if (cls instanceof AllowedGlobal g && g.newObjAllowed()) {
            return g.function().call(args);
        }
        throw new UnpicklingException("unsupported pickle: cannot instantiate " + describe(cls));
    }

    /** BUILD sets Python attributes; on the objects allowed here (dicts, tensors) they carry no weights. */
    private static void build(Object state, Object target) throws UnpicklingException {
        if (!(target instanceof Map || target instanceof TorchTensor)) {
            throw new UnpicklingException("unsupported pickle: BUILD on " + describe(target));
        }
    }

    private static Object persistentLoad(Object pid) throws UnpicklingException {
        if (pid instanceof PickleTuple t && t.size() == 5 && "storage".equals(t.get(0))) {
            if (!(t.get(1) instanceof AllowedGlobal g) || g.storageType() == null) {
                throw new UnpicklingException("unsupported pickle: storage type " + describe(t.get(1)));
            }
            String key = asString(t.get(2), "storage key");
            String location = t.get(3) instanceof String s ? s : String.valueOf(t.get(3));
            long numel = nonNegative(t.get(4), "storage size");
            return new TorchStorage(key, g.storageType(), location, numel);
        }
        throw new UnpicklingException("unsupported pickle: persistent id " + describe(pid));
    }

    private static Map<String, AllowedGlobal> allowedGlobals() {
        Map<String, AllowedGlobal> table = new HashMap<>();
        PickleFunction newDict = args -> args.isEmpty() ? new LinkedHashMap<>() : dictFrom(args.get(0));
        add(table, "collections.OrderedDict", newDict, true);
        add(table, "builtins.dict", newDict, true);
        add(table, "builtins.list", args -> args.isEmpty() ? new ArrayList<>() : new ArrayList<>(items(args.get(0))),
                true);
        add(table, "builtins.tuple", args -> new PickleTuple(args.isEmpty() ? List.of() : items(args.get(0))), true);
        add(table, "builtins.set", args -> args.isEmpty() ? new LinkedHashSet<>()
                : new LinkedHashSet<>(items(args.get(0))), true);
        add(table, "builtins.frozenset", args -> Collections.unmodifiableSet(args.isEmpty() ? Set.of()
                : new LinkedHashSet<>(items(args.get(0)))), true);
        add(table, "builtins.int", WeightsOnlyUnpickler::pythonInt, false);
        add(table, "builtins.float", WeightsOnlyUnpickler::pythonFloat, false);
        add(table, "builtins.str", args -> args.isEmpty() ? "" : asString(args.get(0), "str() argument"), false);
        add(table, "builtins.bool", args -> args.isEmpty() ? Boolean.FALSE : truth(args.get(0)), false);
        add(table, "builtins.bytes", WeightsOnlyUnpickler::pythonBytes, false);
        add(table, "builtins.bytearray", WeightsOnlyUnpickler::pythonBytes, false);
        add(table, "_codecs.encode", WeightsOnlyUnpickler::codecsEncode, false);
        add(table, "torch.Size", args -> new PickleTuple(args.isEmpty() ? List.of() : items(args.get(0))), false);
        add(table, "torch._utils._rebuild_tensor", WeightsOnlyUnpickler::rebuildTensor, false);
        add(table, "torch._utils._rebuild_tensor_v2", WeightsOnlyUnpickler::rebuildTensor, false);
        add(table, "torch._utils._rebuild_parameter", WeightsOnlyUnpickler::rebuildParameter, false);
        add(table, "torch._utils._rebuild_parameter_with_state", WeightsOnlyUnpickler::rebuildParameter, false);
        add(table, "torch._tensor._rebuild_from_type_v2", WeightsOnlyUnpickler::rebuildFromType, false);
        add(table, "torch.Tensor", null, false);
        add(table, "torch.nn.parameter.Parameter", null, false);
        for (String storage : List.of("FloatStorage", "HalfStorage", "BFloat16Storage", "DoubleStorage",
                "LongStorage", "IntStorage", "ShortStorage", "CharStorage", "ByteStorage", "BoolStorage")) {
            String name = "torch." + storage;
            table.put(name, new AllowedGlobal(name, null, false,
                    TensorDataTypes.fromTorchStorage(storage).orElseThrow()));
        }
        return Collections.unmodifiableMap(table);
    }

    private static void add(Map<String, AllowedGlobal> table, String name, PickleFunction f, boolean newObj) {
        table.put(name, new AllowedGlobal(name, f, newObj, null));
    }

    /** {@code _rebuild_tensor(storage, offset, size, stride)} and {@code _v2(..., requires_grad, hooks[, meta])}. */
    private static Object rebuildTensor(List<Object> args) throws UnpicklingException {
        if (args.size() < 4 || !(args.get(0) instanceof TorchStorage storage)) {
            throw new UnpicklingException("unsupported pickle: tensor rebuild without a storage");
        }
        long offset = nonNegative(args.get(1), "storage offset");
        long[] size = longs(args.get(2), "tensor size");
        long[] stride = longs(args.get(3), "tensor stride");
        if (size.length != stride.length) {
            throw new UnpicklingException("corrupt pickle: tensor size and stride differ in length");
        }
        return new TorchTensor(storage, offset, size, stride);
    }

    private static Object rebuildParameter(List<Object> args) throws UnpicklingException {
        if (args.isEmpty() || !(args.get(0) instanceof TorchTensor tensor)) {
            throw new UnpicklingException("unsupported pickle: parameter rebuild without a tensor");
        }
        return tensor;
    }

    /** {@code _rebuild_from_type_v2(func, new_type, args, state)}: only plain Tensor/Parameter types. */
    private static Object rebuildFromType(List<Object> args) throws UnpicklingException {
        if (args.size() < 3 || !(args.get(1) instanceof AllowedGlobal type)
                || !(type.qualifiedName().equals("torch.Tensor")
                        || type.qualifiedName().equals("torch.nn.parameter.Parameter"))) {
            throw new UnpicklingException("unsupported pickle: tensor subclass "
                    + (args.size() > 1 ? describe(args.get(1)) : "?"));
        }
        return call(args.get(0), asTuple(args.get(2), "rebuild arguments").items());
    }

    // ------------------------------------------------------------------------------------------ builtins

    private static Object pythonInt(List<Object> args) throws UnpicklingException {
        Object x = args.isEmpty() ? 0L : args.get(0);
        if (x instanceof Long || x instanceof BigInteger) {
            return x;
        }
        if (x instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (x instanceof Double d) {
            return normalise(new java.math.BigDecimal(d).toBigInteger());
        }
        if (x instanceof String s) {
            return normalise(new BigInteger(s.trim()));
        }
        throw new UnpicklingException("unsupported pickle: int() of " + describe(x));
    }

    private static Object pythonFloat(List<Object> args) throws UnpicklingException {
        Object x = args.isEmpty() ? 0.0 : args.get(0);
        if (x instanceof Number n) {
            return n.doubleValue();
        }
        if (x instanceof String s) {
            return Double.parseDouble(s.trim());
        }
        throw new UnpicklingException("unsupported pickle: float() of " + describe(x));
    }

    private static Object pythonBytes(List<Object> args) throws UnpicklingException {
        if (args.isEmpty()) {
            return new byte[0];
        }
        if (args.get(0) instanceof byte[] b) {
            return b.clone();
        }
        List<Object> values = items(args.get(0));
        byte[] out = new byte[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) nonNegative(values.get(i), "byte value");
        }
        return out;
    }

    private static Object codecsEncode(List<Object> args) throws UnpicklingException {
        String text = asString(args.get(0), "_codecs.encode text");
        String encoding = args.size() > 1 ? asString(args.get(1), "_codecs.encode encoding") : "utf-8";
        Charset charset = switch (encoding.toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
            case "latin1", "latin-1", "iso-8859-1" -> StandardCharsets.ISO_8859_1;
            case "utf-8", "utf8" -> StandardCharsets.UTF_8;
            case "ascii" -> StandardCharsets.US_ASCII;
            default -> throw new UnpicklingException("unsupported pickle: _codecs.encode to " + encoding);
        };
        return text.getBytes(charset);
    }

    private static Boolean truth(Object x) throws UnpicklingException {
        if (x instanceof Boolean b) {
            return b;
        }
        if (x instanceof Long l) {
            return l != 0;
        }
        throw new UnpicklingException("unsupported pickle: bool() of " + describe(x));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static Map<Object, Object> dictFrom(Object source) throws UnpicklingException {
        if (source instanceof Map<?, ?> m) {
            return new LinkedHashMap<>(m);
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Object pair : items(source)) {
            List<Object> kv = items(pair);
            if (kv.size() != 2) {
                throw new UnpicklingException("corrupt pickle: dict item is not a pair");
            }
            out.put(kv.get(0), kv.get(1));
        }
        return out;
    }

    private static Map<Object, Object> dictOf(List<Object> flat) throws UnpicklingException {
        if (flat.size() % 2 != 0) {
            throw new UnpicklingException("corrupt pickle: odd number of dict items");
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            out.put(flat.get(i), flat.get(i + 1));
        }
        return out;
    }

    private static List<Object> items(Object x) throws UnpicklingException {
        if (x instanceof PickleTuple t) {
            return t.items();
        }
        if (x instanceof List<?> || x instanceof Set<?>) {
            return new ArrayList<>((Collection<?>) x);
        }
        throw new UnpicklingException("unsupported pickle: expected a sequence, got " + describe(x));
    }

    private static long[] longs(Object x, String what) throws UnpicklingException {
        List<Object> values = items(x);
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = nonNegative(values.get(i), what);
        }
        return out;
    }

    private static long nonNegative(Object x, String what) throws UnpicklingException {
        if (x instanceof Long l && l >= 0) {
            return l;
        }
        throw new UnpicklingException("corrupt pickle: " + what + " is " + describe(x));
    }

    private static String asString(Object x, String what) throws UnpicklingException {
        if (x instanceof String s) {
            return s;
        }
        throw new UnpicklingException("corrupt pickle: " + what + " is " + describe(x));
    }

    private static PickleTuple asTuple(Object x, String what) throws UnpicklingException {
        if (x instanceof PickleTuple t) {
            return t;
        }
        throw new UnpicklingException("corrupt pickle: " + what + " is " + describe(x));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object x) throws UnpicklingException {
        if (x instanceof ArrayList<?>) {
            return (List<Object>) x;
        }
        throw new UnpicklingException("unsupported pickle: APPEND to " + describe(x));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object x) throws UnpicklingException {
        if (x instanceof LinkedHashMap<?, ?>) {
            return (Map<Object, Object>) x;
        }
        throw new UnpicklingException("unsupported pickle: SETITEM on " + describe(x));
    }

    @SuppressWarnings("unchecked")
    private static Set<Object> asSet(Object x) throws UnpicklingException {
        if (x instanceof LinkedHashSet<?>) {
            return (Set<Object>) x;
        }
        throw new UnpicklingException("unsupported pickle: ADDITEMS on " + describe(x));
    }

    /** A value in Python terms for messages: {@code dict}, {@code list}, {@code int 3}, {@code str 'x'}, ... */
    static String describe(Object x) {
        if (x == null) {
            return "None";
        }
        if (x instanceof AllowedGlobal g) {
            return g.qualifiedName();
        }
        if (x instanceof String s) {
            return "str '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
        if (x instanceof Long || x instanceof BigInteger) {
            return "int " + x;
        }
        if (x instanceof Double) {
            return "float " + x;
        }
        if (x instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (x instanceof Map) {
            return "dict";
        }
        if (x instanceof List) {
            return "list";
        }
        if (x instanceof Set) {
            return "set";
        }
        if (x instanceof PickleTuple) {
            return "tuple";
        }
        if (x instanceof byte[]) {
            return "bytes";
        }
        if (x instanceof TorchTensor || x instanceof TorchStorage) {
            return x instanceof TorchTensor ? "tensor" : "storage";
        }
        return x.getClass().getSimpleName();
    }

    private static Object normalise(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private static Object littleEndianInt(byte[] bytes) {
        if (bytes.length == 0) {
            return 0L;
        }
        byte[] bigEndian = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            bigEndian[i] = bytes[bytes.length - 1 - i];
        }
        return normalise(new BigInteger(bigEndian));
    }

    private static Object parseIntLine(String line) {
        return switch (line) {
            case "00" -> Boolean.FALSE;
            case "01" -> Boolean.TRUE;
            default -> normalise(new BigInteger(line.trim()));
        };
    }

    private static String stripSuffix(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }

    /** Protocol-0 STRING: a quoted repr; escapes are not needed by any PyTorch writer and are refused. */
    private static String quoted(String repr) throws UnpicklingException {
        if (repr.length() >= 2 && (repr.charAt(0) == '\'' || repr.charAt(0) == '"')
                && repr.charAt(repr.length() - 1) == repr.charAt(0) && repr.indexOf('\\') < 0) {
            return repr.substring(1, repr.length() - 1);
        }
        throw new UnpicklingException("unsupported pickle: protocol-0 string " + repr);
    }

    private Object memoGet(long key) throws UnpicklingException {
        if (!memo.containsKey(key)) {
            throw new UnpicklingException("corrupt pickle: memo key " + key + " is missing");
        }
        return memo.get(key);
    }

    private PickleTuple tupleOfTop(int n) {
        List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        for (int i = 0; i < n; i++) {
            pop();
        }
        return new PickleTuple(items);
    }

    private void push(Object x) {
        stack.add(x);
    }

    private Object pop() {
        if (stack.isEmpty()) {
            throw new IndexOutOfBoundsException("stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        return stack.get(stack.size() - 1);
    }

    /** The items pushed since the last MARK; restores the stack as it was before that MARK. */
    private List<Object> popMark() throws UnpicklingException {
        if (marks.isEmpty()) {
            throw new UnpicklingException("corrupt pickle: no MARK on the stack");
        }
        List<Object> items = new ArrayList<>(stack);
        stack.clear();
        stack.addAll(marks.remove(marks.size() - 1));
        return items;
    }

    private int u8() {
        return Byte.toUnsignedInt(in.get());
    }

    private int length(long n) throws UnpicklingException {
        if (n < 0 || n > in.remaining()) {
            throw new UnpicklingException("corrupt pickle: length " + n + " at byte " + in.position()
                    + " runs past the end (" + in.remaining() + " bytes left)");
        }
        return (int) n;
    }

    private byte[] bytes(int n) throws UnpicklingException {
        byte[] out = new byte[length(n)];
        in.get(out);
        return out;
    }

    private static String text(byte[] bytes, Charset charset) {
        return new String(bytes, charset);
    }

    private String line() throws UnpicklingException {
        int start = in.position();
        int limit = Math.min(in.limit(), start + MAX_LINE);
        for (int i = start; i < limit; i++) {
            if (in.get(i) == '\n') {
                byte[] b = new byte[i - start];
                in.get(b);
                in.get();
                return new String(b, StandardCharsets.UTF_8);
            }
        }
        throw new UnpicklingException("corrupt pickle: unterminated line at byte " + start);
    }
}
