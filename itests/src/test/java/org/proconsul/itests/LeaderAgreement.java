package org.proconsul.itests;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Waits until servers agree on their Raft leader. A dead leader is still named by the others until their
 * election timeout, so the agreed leader must also be one of the servers asked.
 */
final class LeaderAgreement {
    private LeaderAgreement() {
    }

    /**
     * Asks {@code GET /v1/status/leader} of each server in {@code among} (indexes into {@code ips}, HTTP on
     * port 8500, Raft on 8300) until all answer the same leader and it is one of them; returns its index.
     */
    static int await(String[] ips, List<Integer> among, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            String agreed = null;
            boolean same = true;
            for (int i : among) {
                try {
                    HttpResponse<String> r = Http.get("http://" + ips[i] + ":8500/v1/status/leader");
                    last = ips[i] + " says " + r.statusCode() + " " + r.body();
                    if (r.statusCode() != 200 || !r.body().contains(":8300")) {
                        same = false;
                    } else if (agreed == null) {
                        agreed = r.body();
                    } else if (!agreed.equals(r.body())) {
                        same = false;
                    }
                } catch (IOException e) {
                    same = false;
                    last = ips[i] + ": " + e;
                }
            }
            if (same && agreed != null) {
                for (int i : among) {
                    if (agreed.equals("\"" + ips[i] + ":8300\"")) {
                        return i;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no agreed leader among " + among + " within " + timeout + "; last: " + last);
    }
}
