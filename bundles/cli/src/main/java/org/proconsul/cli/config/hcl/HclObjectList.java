package org.proconsul.cli.config.hcl;

import java.util.ArrayList;

/**
 * The list HCL 1 makes for an object that is not directly inside a list literal: {@code ports { ... }},
 * {@code ports = { ... }} and every repetition of {@code service { ... }} end up as elements of one of
 * these under their key. Consul decodes it as Go's {@code []map[string]interface{}} and unwraps a single
 * element wherever the target is not a list; keeping the type apart lets error messages name it as Go does.
 */
public final class HclObjectList extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;
}
