package io.seatline.telephony.internal.ivr;

import io.seatline.core.ValidationException;
import io.seatline.telephony.IvrMenu;
import io.seatline.telephony.IvrNode;
import io.seatline.telephony.internal.media.MediaStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks an IVR menu before it is stored: node types and their required fields, targets that exist (nodes, other
 * menus, queues, prompts), and no cycle a caller could go round without being asked for input. Errors name the
 * path of the problem, e.g. {@code nodes.main.options.4}.
 */
public final class IvrValidator {
    /** Nodes that wait for the caller (or end the IVR): a cycle through one of them is a retry loop, not a hang. */
    private static final Set<String> INPUT = Set.of("menu", "collect", "voicemail", "queue", "hangup");

    private IvrValidator() {}

    public static void validate(IvrMenu menu, Map<String, IvrMenu> others, Predicate<String> queueExists, Predicate<String> promptExists) {
        if (menu == null || menu.name() == null || !MediaStore.MENU_NAME.matcher(menu.name()).matches()) {
            throw new ValidationException("invalid_name", "menu name must be 1-64 lower-case letters, digits, '_' or '-'", "name");
        }
        Map<String, IvrNode> nodes = menu.nodes();
        if (nodes == null || nodes.isEmpty()) {
            throw new ValidationException("required", "a menu needs nodes", "nodes");
        }
        if (nodes.size() > 500) {
            throw new ValidationException("too_large", "a menu has at most 500 nodes", "nodes");
        }
        if (menu.start() == null || !nodes.containsKey(menu.start())) {
            throw new ValidationException("dangling_target", "start '" + menu.start() + "' is not a node of the menu", "start");
        }
        Map<String, IvrMenu> all = new HashMap<>(others);
        all.put(menu.name(), menu);
        for (Map.Entry<String, IvrNode> e : nodes.entrySet()) {
            String path = "nodes." + e.getKey();
            IvrNode n = e.getValue();
            if (!MediaStore.NODE_NAME.matcher(e.getKey()).matches()) {
                throw new ValidationException("invalid_name", "node names are 1-64 letters, digits, '_' or '-'", path);
            }
            if (n == null || n.type() == null) {
                throw new ValidationException("required", "node needs a type", path + ".type");
            }
            String t = n.type();
            for (String p : new String[] {n.prompt(), n.invalidPrompt()}) {
                if (p != null && !promptExists.test(p)) {
                    throw new ValidationException("unknown_prompt", "prompt '" + p + "' does not exist", path + (p.equals(n.prompt()) ? ".prompt" : ".invalidPrompt"));
                }
            }
            range(n.timeoutSeconds(), 1, 60, path + ".timeoutSeconds");
            range(n.retries(), 0, 9, path + ".retries");
            range(n.maxDigits(), 1, 32, path + ".maxDigits");
            range(n.maxSeconds(), 5, 600, path + ".maxSeconds");
            switch (t) {
                case "play" -> {
                    required(n.prompt(), path + ".prompt");
                    target(nodes, n.next(), path + ".next", true);
                }
                case "menu" -> {
                    required(n.prompt(), path + ".prompt");
                    if (n.options() == null || n.options().isEmpty()) {
                        throw new ValidationException("required", "a menu needs options (key → node)", path + ".options");
                    }
                    for (Map.Entry<String, String> o : n.options().entrySet()) {
                        if (!o.getKey().matches("[0-9*#]")) {
                            throw new ValidationException("invalid_key", "option keys are one of 0-9, * or #", path + ".options." + o.getKey());
                        }
                        target(nodes, o.getValue(), path + ".options." + o.getKey(), true);
                    }
                    target(nodes, n.fallback(), path + ".fallback", false);
                }
                case "collect" -> {
                    required(n.variable(), path + ".variable");
                    target(nodes, n.next(), path + ".next", true);
                    target(nodes, n.fallback(), path + ".fallback", false);
                    if (n.terminator() != null && !n.terminator().matches("[*#]")) {
                        throw new ValidationException("invalid_key", "terminator is * or #", path + ".terminator");
                    }
                }
                case "branch" -> {
                    required(n.variable(), path + ".variable");
                    if (n.cases() != null) {
                        for (Map.Entry<String, String> c : n.cases().entrySet()) {
                            try {
                                java.util.regex.Pattern.compile(c.getKey());
                            } catch (RuntimeException ex) {
                                throw new ValidationException("invalid_pattern", "case '" + c.getKey() + "' is not a valid pattern", path + ".cases");
                            }
                            target(nodes, c.getValue(), path + ".cases." + c.getKey(), true);
                        }
                    }
                    target(nodes, n.otherwise(), path + ".otherwise", true);
                }
                case "hours" -> {
                    target(nodes, n.open(), path + ".open", true);
                    target(nodes, n.closed(), path + ".closed", true);
                }
                case "queue" -> {
                    required(n.queue(), path + ".queue");
                    if (!queueExists.test(n.queue())) {
                        throw new ValidationException("dangling_target", "queue '" + n.queue() + "' does not exist", path + ".queue");
                    }
                }
                case "goto" -> {
                    required(n.menu(), path + ".menu");
                    if (!all.containsKey(n.menu())) {
                        throw new ValidationException("dangling_target", "menu '" + n.menu() + "' does not exist", path + ".menu");
                    }
                }
                case "voicemail", "hangup" -> {
                    // prompt optional; voicemail mailbox defaults to "general"
                }
                default -> throw new ValidationException("invalid_type", "unknown node type '" + t + "'", path + ".type");
            }
        }
        cycles(menu.name(), all);
    }

    private static void required(String v, String path) {
        if (v == null || v.isBlank()) {
            throw new ValidationException("required", path + " is required", path);
        }
    }

    private static void range(Integer v, int min, int max, String path) {
        if (v != null && (v < min || v > max)) {
            throw new ValidationException("out_of_range", path + " must be " + min + "-" + max, path);
        }
    }

    private static void target(Map<String, IvrNode> nodes, String target, String path, boolean required) {
        if (target == null) {
            if (required) {
                throw new ValidationException("required", path + " is required", path);
            }
            return;
        }
        if (!nodes.containsKey(target)) {
            throw new ValidationException("dangling_target", "'" + target + "' is not a node of the menu", path);
        }
    }

    /** Finds a cycle through nodes that never wait for input, across gotos; reports it as menu.node → ... → menu.node. */
    private static void cycles(String from, Map<String, IvrMenu> all) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (IvrMenu m : all.values()) {
            if (m.nodes() == null) {
                continue;
            }
            for (Map.Entry<String, IvrNode> e : m.nodes().entrySet()) {
                IvrNode n = e.getValue();
                if (n == null || n.type() == null || INPUT.contains(n.type())) {
                    continue;
                }
                List<String> out = new ArrayList<>();
                switch (n.type()) {
                    case "play" -> out.add(m.name() + "." + n.next());
                    case "branch" -> {
                        if (n.cases() != null) {
                            n.cases().values().forEach(v -> out.add(m.name() + "." + v));
                        }
                        out.add(m.name() + "." + n.otherwise());
                    }
                    case "hours" -> {
                        out.add(m.name() + "." + n.open());
                        out.add(m.name() + "." + n.closed());
                    }
                    case "goto" -> {
                        IvrMenu target = all.get(n.menu());
                        if (target != null) {
                            out.add(target.name() + "." + target.start());
                        }
                    }
                    default -> { }
                }
                edges.put(m.name() + "." + e.getKey(), out);
            }
        }
        Set<String> done = new HashSet<>();
        for (String start : edges.keySet()) {
            List<String> stack = new ArrayList<>();
            String cycle = dfs(start, edges, stack, new HashSet<>(), done);
            if (cycle != null) {
                throw new ValidationException("cycle_without_input", "a caller would loop forever without being asked for input: " + cycle,
                    "nodes." + cycle.substring(cycle.indexOf('.') + 1, cycle.indexOf(' ') < 0 ? cycle.length() : cycle.indexOf(' ')));
            }
        }
    }

    private static String dfs(String node, Map<String, List<String>> edges, List<String> stack, Set<String> onStack, Set<String> done) {
        if (onStack.contains(node)) {
            List<String> loop = new ArrayList<>(stack.subList(stack.indexOf(node), stack.size()));
            loop.add(node);
            return String.join(" → ", loop);
        }
        if (done.contains(node) || !edges.containsKey(node)) {
            return null;
        }
        stack.add(node);
        onStack.add(node);
        for (String next : edges.get(node)) {
            String c = dfs(next, edges, stack, onStack, done);
            if (c != null) {
                return c;
            }
        }
        stack.remove(stack.size() - 1);
        onStack.remove(node);
        done.add(node);
        return null;
    }
}
