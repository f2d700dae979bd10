package io.mezzo.master.http.dashboard;

import io.mezzo.http.Endpoints;
import io.mezzo.master.http.LeaderView;
import io.mezzo.metrics.NodeMeters;
import io.mezzo.state.MasterRoster;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The dashboard: its static pages at {@code /} (from the {@code mezzo-web-ui} jar) and its
 * push feed, {@code GET /api/v1/events/stream}, a stream of server-sent events. Mounted
 * after every API, and on its own paths only, so that the pages never shadow an endpoint.
 */
public final class DashboardEndpoints implements Endpoints {
  /** The push feed's path. */
  public static final String STREAM_PATH = "/api/v1/events/stream";
  /**
   * Where the pages are on the classpath. A name of its own: a directory of that name in a
   * master's working directory would be served instead (Vert.x looks there first).
   */
  static final String WEB_ROOT = "mezzo-dashboard";
  /**
   * Only this origin's scripts and styles, no inline code, no framing. Connections may go to
   * other masters: after a failover the pages look for one that still answers.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self' http: https:; object-src 'none'; base-uri 'none'; "
      + "form-action 'none'; frame-ancestors 'none'";

  /** The pages' paths (see web-ui): the page, its icon, its styles and scripts. */
  static final String PAGE_PATHS = "/|/index\\.html|/favicon\\.svg|/(css|js)/.+";

  private final DashboardFeed feed;

  public DashboardEndpoints(Vertx vertx, LeaderView leader, MasterRoster roster, NodeMeters meters) {
    this(vertx, leader, roster, meters, DashboardFeed.MAX_STREAMS);
  }

  /** The same, serving at most {@code maxStreams} browsers at once. */
  DashboardEndpoints(Vertx vertx, LeaderView leader, MasterRoster roster, NodeMeters meters, int maxStreams) {
    this.feed = new DashboardFeed(vertx, leader, roster, meters, maxStreams);
  }

  @Override
  public void mount(Router router) {
    feed.start();
    router.get(STREAM_PATH).handler(context -> feed.open(context.response()));
    StaticHandler pages = StaticHandler.create(WEB_ROOT)
        .setIndexPage("index.html")
        // Pages change with the jar; the browser asks again rather than run stale scripts.
        .setCachingEnabled(false)
        .setDirectoryListing(false)
        .setIncludeHidden(false);
    // Only the dashboard's own paths, so any other request keeps the API's 404 or 405. A
    // pattern, not prefix routes: the handler would look up a prefix route's files without it.
    router.routeWithRegex(PAGE_PATHS).method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(DashboardEndpoints::pageHeaders)
        .handler(pages);
  }

  private static void pageHeaders(RoutingContext context) {
    context.response()
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cache-Control", "no-cache");
    context.next();
  }

  @Override
  public void close() {
    feed.close();
  }

  /** The number of open event streams, for tests. */
  int streams() {
    return feed.streams();
  }
}
