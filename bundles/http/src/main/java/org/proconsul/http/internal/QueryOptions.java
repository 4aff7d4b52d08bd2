package org.proconsul.http.internal;

import org.proconsul.api.time.GoDuration;
import java.time.Duration;

import org.eclipse.jetty.util.Fields;
import org.proconsul.api.raft.ReadConsistency;

/**
 * The query parameters every read shares, parsed once with Consul's rules and error texts. Booleans
 * count when merely present ({@code ?recurse}).
 */
record QueryOptions(String datacenter, long minIndex, Duration waitTime, ReadConsistency consistency, boolean pretty,
        Duration maxStale) {

    static QueryOptions parse(Fields query, Duration defaultWait, Duration maxWait, boolean alwaysPretty) {
        boolean stale = query.get("stale") != null;
        boolean consistent = query.get("consistent") != null;
        if (stale && consistent) {
            throw HttpError.badRequest("Cannot specify ?stale with ?consistent, conflicting semantics.");
        }
        long index = 0;
        String indexParam = query.getValue("index");
        if (indexParam != null && !indexParam.isEmpty()) {
            try {
                index = Long.parseUnsignedLong(indexParam);
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("Invalid index");
            }
        }
        Duration wait = defaultWait;
        String waitParam = query.getValue("wait");
        if (waitParam != null && !waitParam.isEmpty()) {
            wait = GoDuration.parseOrNull(waitParam);
            if (wait == null || wait.isNegative()) {
                throw HttpError.badRequest("Invalid wait time");
            }
        }
        if (wait.compareTo(maxWait) > 0) {
            wait = maxWait;
        }
        // max_stale alone allows stale reads, as Consul's parser decides; past it the read goes to the leader
        Duration maxStale = Duration.ZERO;
        String maxStaleParam = query.getValue("max_stale");
        if (maxStaleParam != null && !maxStaleParam.isEmpty()) {
            maxStale = GoDuration.parseOrNull(maxStaleParam);
            if (maxStale == null) {
                throw HttpError.badRequest("Invalid max_stale value \"" + maxStaleParam + "\"");
            }
            if (maxStale.isNegative()) {
                maxStale = Duration.ZERO;
            }
            stale |= !maxStale.isZero();
            if (stale && consistent) {
                throw HttpError.badRequest("Cannot specify ?stale with ?consistent, conflicting semantics.");
            }
        }
        ReadConsistency mode = stale ? ReadConsistency.STALE
                : consistent ? ReadConsistency.CONSISTENT : ReadConsistency.DEFAULT;
        boolean pretty = alwaysPretty || query.get("pretty") != null;
        return new QueryOptions(query.getValue("dc"), index, wait, mode, pretty, maxStale);
    }

    boolean blocking() {
        return minIndex > 0;
    }
}
