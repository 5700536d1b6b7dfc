package io.callwise.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.callwise.synth.BookSimulator.After;
import io.callwise.synth.BookSimulator.Arm;
import io.callwise.synth.BookSimulator.Intervention;
import io.callwise.synth.BookSimulator.Outcome;
import io.callwise.synth.BookSimulator.ResponseType;
import java.sql.Date;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Counterfactual nights: the history before the decision is the book's, the arms differ only by
 * what they do, and the hidden response types answer the arms they are defined by.
 */
class CounterfactualTest {

  static final LocalDate START = LocalDate.parse("2025-01-01");
  static final LocalDate D = LocalDate.parse("2025-08-31");

  @Test
  void theHistoryBeforeTheDecisionIsTheBooksAndAReplicateIsReproducible() {
    BookSimulator sim = new BookSimulator(new SimulationParams(5, 1500, START, 12, 0));
    int delinquent = 0;
    for (long i = 0; i < 1500; i++) {
      Integer bookDpd = null;
      String bookStatus = null;
      for (Object[] m : sim.rows(i, BookSimulator.TRUTH_MONTHLY)) {
        if (((Date) m[1]).toLocalDate().equals(D.withDayOfMonth(1))) {
          bookDpd = (Integer) m[5];
          bookStatus = (String) m[6];
        }
      }
      Outcome first = null;
      for (Arm arm : Arm.values()) {
        for (long replicate = 0; replicate < 2; replicate++) {
          Outcome o =
              sim.counterfactual(i, new Intervention(D, arm, 30, replicate, After.NO_CONTACT));
          if (first == null) {
            first = o;
          }
          assertThat(o.dpdAtDecision()).as("account %d", i).isEqualTo(first.dpdAtDecision());
          assertThat(o.overdueCents()).isEqualTo(first.overdueCents());
          assertThat(o)
              .isEqualTo(
                  sim.counterfactual(i, new Intervention(D, arm, 30, replicate, After.NO_CONTACT)));
        }
      }
      if (bookDpd != null && !bookStatus.equals("WRITTEN_OFF") && !bookStatus.equals("CLOSED")) {
        assertThat(first.dpdAtDecision()).as("account %d DPD at %s", i, D).isEqualTo(bookDpd);
        assertThat(first.delinquent()).isEqualTo(bookDpd > 0);
        delinquent += bookDpd > 0 ? 1 : 0;
      }
    }
    assertThat(delinquent).as("delinquent accounts at the decision").isGreaterThan(20);
  }

  /**
   * After the contact date the usual process goes on: accounts left alone that night still get the
   * book's reminders and calls, so more of them pay than with no contact at all; the contact date
   * itself is the arm's alone in both modes, and each mode is reproducible.
   */
  @Test
  void theUsualProcessFollowsTheNightsContact() {
    BookSimulator sim = new BookSimulator(new SimulationParams(5, 4000, START, 12, 0));
    int delinquent = 0;
    int paidUsual = 0;
    int paidAlone = 0;
    for (long i = 0; i < 4000; i++) {
      for (long r = 0; r < 2; r++) {
        Outcome alone =
            sim.counterfactual(i, new Intervention(D, Arm.NONE, 30, r, After.NO_CONTACT));
        if (!alone.delinquent() || alone.dpdAtDecision() < 10) {
          break;
        }
        Outcome usual =
            sim.counterfactual(i, new Intervention(D, Arm.NONE, 30, r, After.USUAL_PROCESS));
        assertThat(usual)
            .isEqualTo(
                sim.counterfactual(i, new Intervention(D, Arm.NONE, 30, r, After.USUAL_PROCESS)));
        assertThat(usual.calls()).as("no call on the contact date of NONE").isZero();
        Outcome called =
            sim.counterfactual(i, new Intervention(D, Arm.CALL, 30, r, After.USUAL_PROCESS));
        assertThat(called.calls()).as("the arm's call only").isLessThanOrEqualTo(1);
        delinquent++;
        paidUsual += usual.paidOverdue14d() ? 1 : 0;
        paidAlone += alone.paidOverdue14d() ? 1 : 0;
      }
    }
    assertThat(delinquent).isGreaterThan(100);
    assertThat(paidUsual).as("paid with the usual process after").isGreaterThan(paidAlone);
  }

  @Test
  void eachHiddenTypeAnswersTheArmItIsDefinedBy() {
    int accounts = 30_000;
    int replicates = 3;
    BookSimulator sim = new BookSimulator(new SimulationParams(8, accounts, START, 12, 0));
    Map<ResponseType, long[]> paid = new EnumMap<>(ResponseType.class); // per arm, then count
    double[] talk = new double[3]; // paid after a connected call, paid with no contact, accounts
    double[] text = new double[3];
    for (long i = 0; i < accounts; i++) {
      Object[] truth = sim.rows(i, BookSimulator.TRUTH_BORROWERS).get(0);
      if ((Boolean) truth[2]) {
        continue; // bad contact details: calls and messages rarely land
      }
      ResponseType type = ResponseType.valueOf((String) truth[1]);
      for (long r = 0; r < replicates; r++) {
        Outcome none =
            sim.counterfactual(i, new Intervention(D, Arm.NONE, 30, r, After.NO_CONTACT));
        if (none.delinquent() && none.dpdAtDecision() <= 30) {
          Outcome called =
              sim.counterfactual(i, new Intervention(D, Arm.CALL, 30, r, After.NO_CONTACT));
          if (called.connected()) {
            talk[0] += called.paidOverdue14d() ? 1 : 0;
            talk[1] += none.paidOverdue14d() ? 1 : 0;
            talk[2]++;
          }
          Outcome messaged =
              sim.counterfactual(i, new Intervention(D, Arm.MESSAGE, 30, r, After.NO_CONTACT));
          if (messaged.messageDelivered()) {
            text[0] += messaged.paidOverdue14d() ? 1 : 0;
            text[1] += none.paidOverdue14d() ? 1 : 0;
            text[2]++;
          }
        }
        for (Arm arm : Arm.values()) {
          Outcome o = sim.counterfactual(i, new Intervention(D, arm, 30, r, After.NO_CONTACT));
          if (!o.delinquent()) {
            break;
          }
          long[] n = paid.computeIfAbsent(type, t -> new long[4]);
          n[arm.ordinal()] += o.paidOverdue7d() ? 1 : 0;
          if (arm == Arm.CALL) {
            n[3]++;
          }
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "early delinquency (DPD 1-30, good contact details): a connected call pays the overdue in 14"
            + " days %.3f against %.3f with no contact (n=%d), a delivered message %.3f against"
            + " %.3f (n=%d)%n",
        talk[0] / talk[2],
        talk[1] / talk[2],
        (long) talk[2],
        text[0] / text[2],
        text[1] / text[2],
        (long) text[2]);
    Map<ResponseType, double[]> rate = new EnumMap<>(ResponseType.class);
    paid.forEach(
        (type, n) -> {
          double[] r = new double[3];
          for (int a = 0; a < 3; a++) {
            r[a] = n[a] / (double) n[3];
          }
          rate.put(type, r);
          System.out.printf(
              Locale.ROOT,
              "%-17s n=%5d  paid overdue in 7 days: call %.3f message %.3f none %.3f%n",
              type,
              n[3],
              r[0],
              r[1],
              r[2]);
        });
    double[] call = rate.get(ResponseType.CALL_RESPONDER);
    double[] message = rate.get(ResponseType.MESSAGE_RESPONDER);
    double[] self = rate.get(ResponseType.SELF_CURER);
    double[] none = rate.get(ResponseType.NON_RESPONDER);
    assertThat(call[0]).as("call responders: a call").isGreaterThan(call[1] + 0.1);
    assertThat(call[1]).as("call responders: a message does little").isLessThan(call[0] / 2);
    assertThat(message[1]).as("message responders: a message").isGreaterThan(message[2] + 0.04);
    assertThat(self[0] - self[2])
        .as("self-curers gain less from a call than call responders")
        .isLessThan((call[0] - call[2]) / 2);
    assertThat(none[0]).as("non-responders barely pay").isLessThan(0.1);
    // Calibration: a conversation +34.4 points (Laudenbach, Pirschel and Siegel); reminders a few.
    assertThat(talk[0] / talk[2] - talk[1] / talk[2]).as("a conversation").isBetween(0.2, 0.4);
    assertThat(text[0] / text[2] - text[1] / text[2])
        .as("a delivered message")
        .isBetween(0.0, 0.08);
  }
}
