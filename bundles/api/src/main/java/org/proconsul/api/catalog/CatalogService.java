package org.proconsul.api.catalog;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A service instance registered on a node. {@code address} empty means the node's address. */
public record CatalogService(String id, String name, List<String> tags, String address, Map<String, String> meta,
        int port, int weightPassing, int weightWarning, boolean enableTagOverride, long createIndex,
        long modifyIndex) {

    public CatalogService {
        Objects.requireNonNull(name);
        id = id == null || id.isEmpty() ? name : id;
        tags = List.copyOf(tags == null ? List.of() : tags);
        address = address == null ? "" : address;
        meta = Map.copyOf(meta == null ? Map.of() : meta);
    }

    public CatalogService withIndexes(long create, long modify) {
        return new CatalogService(id, name, tags, address, meta, port, weightPassing, weightWarning, enableTagOverride,
                create, modify);
    }
}
