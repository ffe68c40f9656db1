package io.burstpipe.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class HttpTransportAnswerTest {

    private static int dropped(String body) {
        return HttpTransport.droppedOf(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    }

    @Test
    void readsTheConsumersAnswerWithoutAParser() {
        assertThat(dropped("{\"received\":100,\"stored\":100,\"duplicates\":0,\"dropped\":0}")).isZero();
        assertThat(dropped("{\"received\":100,\"stored\":60,\"duplicates\":0,\"dropped\":40}")).isEqualTo(40);
        assertThat(dropped("{\"dropped\":2147483647}")).isEqualTo(Integer.MAX_VALUE);
        String ours = new JsonObject().put("received", 7).put("dropped", 3).encode();
        assertThat(dropped(ours)).isEqualTo(3);
    }

    @Test
    void anAnswerWithoutTheKeyDroppedNothing() {
        assertThat(dropped("")).isZero();
        assertThat(dropped("ok")).isZero();
        assertThat(dropped("{\"accepted\":5}")).isZero();
        assertThat(HttpTransport.droppedOf(null)).isZero();
    }

    @Test
    void leavesAnythingWrittenAnotherWayToTheJsonParser() {
        assertThat(dropped("{\"dropped\" : 4}")).isEqualTo(-1);
        assertThat(dropped("{\"dropped\":4.0}")).isEqualTo(-1);
        assertThat(dropped("{\"dropped\":\"4\"}")).isEqualTo(-1);
        assertThat(dropped("{\"dropped\":}")).isEqualTo(-1);
        assertThat(dropped("{\"dropped\":4")).isEqualTo(-1);
        assertThat(dropped("{\"dropped\":99999999999}")).isEqualTo(-1);
    }
}
