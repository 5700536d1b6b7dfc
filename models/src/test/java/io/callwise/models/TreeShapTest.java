package io.callwise.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** TreeSHAP against Shapley values computed by brute force over every subset of features. */
class TreeShapTest {

  /** Random trees (continuous and categorical splits, repeated features) on random rows. */
  @Test
  void matchesBruteForceShapleyOnRandomTrees() {
    Random random = new Random(11);
    int checked = 0;
    for (int trial = 0; trial < 300; trial++) {
      int numFeatures = 1 + random.nextInt(6);
      int maxDepth = 1 + random.nextInt(5);
      TreeEnsemble.Tree tree = randomTree(random, numFeatures, maxDepth);
      double[] x = randomRow(random, numFeatures);
      TreeEnsemble ensemble =
          new TreeEnsemble(new TreeEnsemble.Tree[] {tree}, new double[] {1.0}, numFeatures);
      double[] phi = ensemble.shap(x);
      double[] expected = bruteForce(tree, x, numFeatures);
      for (int f = 0; f < numFeatures; f++) {
        assertThat(phi[f]).as("trial %d feature %d", trial, f).isCloseTo(expected[f], within(1e-9));
      }
      double sum = 0;
      for (double p : phi) {
        sum += p;
      }
      assertThat(tree.expectedValue() + sum).isCloseTo(tree.predict(x), within(1e-9));
      checked++;
    }
    assertThat(checked).isEqualTo(300);
  }

  /** Tree weights scale each tree's values; the ensemble sums them. */
  @Test
  void ensembleIsTheWeightedSumOfItsTrees() {
    Random random = new Random(5);
    int numFeatures = 5;
    TreeEnsemble.Tree a = randomTree(random, numFeatures, 4);
    TreeEnsemble.Tree b = randomTree(random, numFeatures, 3);
    TreeEnsemble ensemble =
        new TreeEnsemble(new TreeEnsemble.Tree[] {a, b}, new double[] {1.0, 0.1}, numFeatures);
    for (int i = 0; i < 50; i++) {
      double[] x = randomRow(random, numFeatures);
      double[] phi = ensemble.shap(x);
      double[] pa = bruteForce(a, x, numFeatures);
      double[] pb = bruteForce(b, x, numFeatures);
      double sum = 0;
      for (int f = 0; f < numFeatures; f++) {
        assertThat(phi[f]).isCloseTo(pa[f] + 0.1 * pb[f], within(1e-9));
        sum += phi[f];
      }
      assertThat(ensemble.expectedMargin() + sum).isCloseTo(ensemble.margin(x), within(1e-9));
    }
  }

  /** A feature the tree never splits on gets exactly zero. */
  @Test
  void unusedFeatureGetsZero() {
    Random random = new Random(3);
    TreeEnsemble.Tree tree = randomTree(random, 3, 4);
    TreeEnsemble ensemble = new TreeEnsemble(new TreeEnsemble.Tree[] {tree}, new double[] {1.0}, 4);
    double[] phi = ensemble.shap(new double[] {0.3, 1, 0.7, 123});
    assertThat(phi[3]).isZero();
  }

  // ------------------------------------------------------------------ brute force

  /** v(S): output with the features in S fixed to x and the others integrated along cover. */
  static double conditional(TreeEnsemble.Tree tree, int node, double[] x, int known) {
    if (tree.isLeaf(node)) {
      return tree.value()[node];
    }
    int f = tree.feature()[node];
    int l = tree.left()[node];
    int r = tree.right()[node];
    if ((known & (1 << f)) != 0) {
      return conditional(tree, tree.goesLeft(node, x) ? l : r, x, known);
    }
    return (tree.cover()[l] * conditional(tree, l, x, known)
            + tree.cover()[r] * conditional(tree, r, x, known))
        / tree.cover()[node];
  }

  static double[] bruteForce(TreeEnsemble.Tree tree, double[] x, int m) {
    double[] phi = new double[m];
    double[] factorial = new double[m + 1];
    factorial[0] = 1;
    for (int i = 1; i <= m; i++) {
      factorial[i] = factorial[i - 1] * i;
    }
    for (int i = 0; i < m; i++) {
      for (int s = 0; s < (1 << m); s++) {
        if ((s & (1 << i)) != 0) {
          continue;
        }
        int size = Integer.bitCount(s);
        double weight = factorial[size] * factorial[m - size - 1] / factorial[m];
        phi[i] += weight * (conditional(tree, 0, x, s | (1 << i)) - conditional(tree, 0, x, s));
      }
    }
    return phi;
  }

  // ------------------------------------------------------------------ random trees

  /** Features 0 and 2 (when present) are categorical with values 0..3; the others continuous. */
  static boolean categorical(int f) {
    return f == 0 || f == 2;
  }

  static double[] randomRow(Random random, int numFeatures) {
    double[] x = new double[numFeatures];
    for (int f = 0; f < numFeatures; f++) {
      x[f] = categorical(f) ? random.nextInt(4) : random.nextDouble();
    }
    return x;
  }

  static TreeEnsemble.Tree randomTree(Random random, int numFeatures, int maxDepth) {
    List<double[]> nodes = new ArrayList<>(); // feature, threshold, left, right, value, cover
    List<double[]> cats = new ArrayList<>();
    grow(random, numFeatures, maxDepth, 1000 + random.nextInt(1000), nodes, cats);
    int n = nodes.size();
    int[] feature = new int[n];
    double[] threshold = new double[n];
    double[][] leftCategories = new double[n][];
    int[] left = new int[n];
    int[] right = new int[n];
    double[] value = new double[n];
    double[] cover = new double[n];
    for (int i = 0; i < n; i++) {
      double[] d = nodes.get(i);
      feature[i] = (int) d[0];
      threshold[i] = d[1];
      left[i] = (int) d[2];
      right[i] = (int) d[3];
      value[i] = d[4];
      cover[i] = d[5];
      leftCategories[i] = cats.get(i);
    }
    return new TreeEnsemble.Tree(feature, threshold, leftCategories, left, right, value, cover);
  }

  private static int grow(
      Random random,
      int numFeatures,
      int depthLeft,
      double cover,
      List<double[]> nodes,
      List<double[]> cats) {
    int id = nodes.size();
    double[] node = {-1, 0, -1, -1, random.nextGaussian(), cover};
    nodes.add(node);
    cats.add(null);
    if (depthLeft == 0 || cover < 20 || random.nextDouble() < 0.15) {
      return id;
    }
    int f = random.nextInt(numFeatures);
    node[0] = f;
    if (categorical(f)) {
      cats.set(id, random.nextBoolean() ? new double[] {0, 3} : new double[] {1});
    } else {
      node[1] = random.nextDouble();
    }
    double share = 0.1 + 0.8 * random.nextDouble();
    double leftCover = Math.floor(cover * share);
    node[2] = grow(random, numFeatures, depthLeft - 1, leftCover, nodes, cats);
    node[3] = grow(random, numFeatures, depthLeft - 1, cover - leftCover, nodes, cats);
    return id;
  }
}
