package io.burstpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

class SignalsTest {

    @Test
    void closingARegistrationPutsBackTheHandlersThatWereThere() {
        List<String> seen = new ArrayList<>();
        SignalHandler before = s -> seen.add("before " + s.getName());
        SignalHandler original = Signal.handle(new Signal("TERM"), before);
        try {
            try (Signals.Registration registration = Signals.onStop(name -> seen.add("stop " + name))) {
                SignalHandler current = Signal.handle(new Signal("TERM"), SignalHandler.SIG_DFL);
                Signal.handle(new Signal("TERM"), current);
                current.handle(new Signal("TERM"));
                assertThat(seen).containsExactly("stop TERM");
            }
            SignalHandler restored = Signal.handle(new Signal("TERM"), SignalHandler.SIG_DFL);
            assertThat(restored).isSameAs(before);
        } finally {
            Signal.handle(new Signal("TERM"), original);
        }
    }

    @Test
    void exitStatusIsTheShells() {
        assertThat(Signals.exitStatus("INT")).isEqualTo(130);
        assertThat(Signals.exitStatus("TERM")).isEqualTo(143);
    }
}
