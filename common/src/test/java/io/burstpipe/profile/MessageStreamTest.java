package io.burstpipe.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.burstpipe.message.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageStreamTest {

    private static final long START = 1_700_000_000_000_000L;

    private static List<Message> all(MessageStream stream) {
        List<Message> out = new ArrayList<>();
        while (stream.peekNanos() != MessageStream.END) {
            out.add(stream.take());
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameMessagesAtTheSameIntendedTimes() {
        ProfileSettings spec = ProfileSettings.steady(1000);
        List<Message> a = all(MessageStream.seeded("p", spec, 42, START, 500));
        List<Message> b = all(MessageStream.seeded("p", spec, 42, START, 500));
        List<Message> other = all(MessageStream.seeded("p", spec, 43, START, 500));
        assertThat(a).hasSize(500).isEqualTo(b);
        assertThat(a).extracting(Message::value).isNotEqualTo(other.stream().map(Message::value).toList());
    }

    @Test
    void idsCountFromZeroAndCreatedAtIsTheIntendedTime() {
        IntendedSchedule schedule = ProfileSettings.steady(1000).schedule(1);
        IntendedSchedule same = ProfileSettings.steady(1000).schedule(1);
        MessageStream stream = new MessageStream("q", schedule, 9, START, 3);
        for (int i = 0; i < 3; i++) {
            long at = same.nextNanos();
            assertThat(stream.peekNanos()).isEqualTo(at);
            Message m = stream.take();
            assertThat(m.id()).isEqualTo("q-" + i);
            assertThat(m.seq()).isEqualTo(i);
            assertThat(m.createdAtMicros()).isEqualTo(START + at / 1000);
            assertThat(m.value()).isBetween(Message.MIN_VALUE, Message.MAX_VALUE);
        }
        assertThat(stream.taken()).isEqualTo(3);
        assertThat(stream.peekNanos()).isEqualTo(MessageStream.END);
        assertThatThrownBy(stream::take).hasMessageContaining("q").hasMessageContaining("ended");
    }

    @Test
    void aFiniteProfileEndsTheStreamWithoutALimit() {
        ProfileSettings spec = ProfileSettings.stages("1s:100");
        List<Message> messages = all(MessageStream.seeded("s", spec, 1, START, 0));
        assertThat(messages).hasSizeBetween(95, 105);
    }

    /** A message with the time it was due. */
    private record Due(long nanos, Message message) {
    }

    private static List<Due> timed(MessageStream stream) {
        List<Due> out = new ArrayList<>();
        while (stream.peekNanos() != MessageStream.END) {
            out.add(new Due(stream.peekNanos(), stream.take()));
        }
        return out;
    }

    @Test
    void threeSegmentsTogetherAreExactlyTheWholeStream() {
        ProfileSettings spec = new ProfileSettings(ProfileKind.BURST, 2000, 10_000, 300, 700, 1000, 0, 1000,
                Arrivals.POISSON);
        List<Due> whole = timed(new MessageStream("p", spec.schedule(7), ~7L, START, 3001));
        List<Due> union = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            List<Due> part = timed(new MessageStream("p", spec.schedule(7), ~7L, START, 3001, new Segment(i, 3)));
            int index = i;
            assertThat(part).as("segment %d/3", i).allMatch(d -> d.message().seq() % 3 == index - 1);
            assertThat(part).extracting(Due::nanos).isSorted();
            union.addAll(part);
        }
        union.sort(java.util.Comparator.comparingLong(d -> d.message().seq()));
        assertThat(whole).hasSize(3001);
        assertThat(union).isEqualTo(whole);
    }

    @Test
    void aSegmentIsParsedFromITimesN() {
        assertThat(Segment.parse("2/3")).isEqualTo(new Segment(2, 3));
        assertThat(Segment.parse(" 1 / 1 ").whole()).isTrue();
        for (String bad : new String[] {"0/3", "4/3", "3", "a/b", "1/1001", "1/2/3", ""}) {
            assertThatThrownBy(() -> Segment.parse(bad)).as(bad)
                    .hasMessageContaining("a segment is i/n with 1 <= i <= n <= 1000");
        }
    }
}
