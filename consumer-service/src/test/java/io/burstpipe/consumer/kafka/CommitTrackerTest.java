package io.burstpipe.consumer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A partition commits only past its longest settled prefix, whatever order the writers finish in. */
class CommitTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private final CommitTracker tracker = new CommitTracker();

    @Test
    void aLaterShareSettledFirstDoesNotCommitPastAnEarlierOneStillOpen() {
        CommitTracker.Share first = tracker.track(P0, 9);
        CommitTracker.Share second = tracker.track(P0, 19);
        second.noteSettled();
        assertThat(tracker.committable()).isEmpty();
        first.noteSettled();
        assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(20)));
    }

    @Test
    void partitionsCommitIndependently() {
        CommitTracker.Share a = tracker.track(P0, 4);
        tracker.track(P1, 7); // still open
        a.settleNow();
        assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(5)));
    }

    @Test
    void whatWasCommittedIsNotCommittedAgainAndCountsForTheLag() {
        CommitTracker.Share a = tracker.track(P0, 4);
        a.settleNow();
        Map<TopicPartition, OffsetAndMetadata> commit = tracker.committable();
        tracker.committed(commit);
        assertThat(tracker.lastCommitted(P0)).isEqualTo(5);
        assertThat(tracker.committable()).isEmpty();
        assertThat(tracker.lastCommitted(P1)).isEqualTo(-1);
    }

    @Test
    void aNoteForARevokedPartitionIsDroppedEvenIfThePartitionComesBack() {
        CommitTracker.Share before = tracker.track(P0, 9);
        tracker.forget(List.of(P0));
        CommitTracker.Share after = tracker.track(P0, 29); // re-assigned, re-read from a later offset
        before.noteSettled();
        assertThat(tracker.committable()).isEmpty();
        after.noteSettled();
        assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(30)));
    }

    @Test
    void lagIsEndMinusCommittedAndNothingForAPartitionNeverCommitted() {
        CommitTracker.Share a = tracker.track(P0, 4);
        a.settleNow();
        tracker.committed(tracker.committable()); // P0 committed at 5
        KafkaIntakeStats stats = new KafkaIntakeStats();
        tracker.lag(Map.of(P0, 12L, P1, 30L), stats);
        assertThat(stats.partitionLag()).isEqualTo(Map.of(0, 7L, 1, 0L));
        assertThat(stats.lag()).isEqualTo(7);
    }
}
