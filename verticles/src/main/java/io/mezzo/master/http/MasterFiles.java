package io.mezzo.master.http;

import io.mezzo.bus.Refusal;
import io.mezzo.v1.master.Call;
import io.mezzo.v1.master.Response;
import io.vertx.core.Future;

/** The files a master node serves through LIST_FILES and READ_FILE. */
final class MasterFiles {
  Future<Response> list(String path) {
    throw Refusal.notFound("No such file or directory: " + path);
  }

  Future<Response> read(Call.ReadFile read) {
    throw Refusal.notFound("No such file or directory: " + read.getPath());
  }
}
