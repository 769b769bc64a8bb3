package org.iseg.engine.predictors;

/**
 * Unbounded L-BFGS-B as SciPy's {@code fmin_l_bfgs_b} runs it (L-BFGS-B 3.0, the Fortran {@code setulb} driven by
 * SciPy's loop), which is what RITM's BRS predictors call: the same steps in the same order, so a run on the same
 * objective takes the same evaluations.
 *
 * <ul>
 *   <li>Direction: without bounds the generalised Cauchy point is skipped once there are corrections, and the
 *       subspace step is the full quasi-Newton step {@code -H g} (computed here by the two-loop recursion, equal in
 *       exact arithmetic to L-BFGS-B's compact form with {@code theta = y'y / s'y} of the newest pair). Without
 *       corrections the Cauchy point is {@code x - g}.
 *   <li>Line search: {@code lnsrlb} with Moré–Thuente's {@code dcsrch}/{@code dcstep} (ftol 1e-3, gtol 0.9,
 *       xtol 0.1, stpmax 1e10); the first iteration starts at {@code 1 / |d|}, later ones at 1 (then the trial
 *       point is the subspace point itself).
 *   <li>Update: {@code s'y} taken as {@code (g'd - g0'd) stp}, skipped when not above {@code epsmch * (-g0'd stp)}.
 *   <li>Stops: the initial and every new point's {@code max |g| <= pgtol} (CONVERGENCE: NORM_OF_PROJECTED_GRADIENT),
 *       {@code fold - f <= factr * epsmch * max(|fold|, |f|, 1)} (REL_REDUCTION_OF_F), and SciPy's checks at every
 *       new point: iterations {@code >= maxiter}, then evaluations {@code > maxfun} (so a line search can overrun
 *       maxfun).
 * </ul>
 *
 * <pre>{@code
 * Lbfgsb.Result r = Lbfgsb.minimize((x, g) -> { g[0] = 2 * x[0]; return x[0] * x[0]; }, new double[] {3},
 *     Lbfgsb.Settings.ritm());
 * }</pre>
 */
public final class Lbfgsb {
  private static final double EPSMCH = Math.ulp(1.0); // 2 * dlamch('e')
  private static final double FTOL = 1e-3;
  private static final double GTOL = 0.9;
  private static final double XTOL = 0.1;
  private static final double STPMAX = 1e10;

  private Lbfgsb() {}

  /** The objective: returns f at {@code x} and writes the gradient into {@code gradient}. */
  @FunctionalInterface
  public interface Objective {
    double evaluate(double[] x, double[] gradient);
  }

  /**
   * {@code fmin_l_bfgs_b}'s arguments.
   *
   * @param m number of corrections kept
   * @param factr relative reduction of f that stops, in units of machine epsilon (0: only no decrease stops)
   * @param pgtol stop when {@code max |g| <= pgtol}
   * @param maxfun evaluations after which the next new point stops
   * @param maxiter iterations that stop
   * @param maxls evaluations per line search before it is abandoned
   */
  public record Settings(int m, double factr, double pgtol, int maxfun, int maxiter, int maxls) {
    public Settings {
      if (m < 1 || maxfun < 1 || maxiter < 1 || maxls < 1) {
        throw new IllegalArgumentException("m, maxfun, maxiter and maxls must be >= 1, got " + m + ", " + maxfun
            + ", " + maxiter + ", " + maxls);
      }
    }

    /** RITM's {@code get_predictor} defaults: m 20, factr 0, pgtol 1e-8, maxfun 20, maxiter 40, maxls 20. */
    public static Settings ritm() {
      return ritm(20);
    }

    /** RITM's defaults with another {@code maxfun} (maxiter twice it, as {@code get_predictor} sets). */
    public static Settings ritm(int maxfun) {
      return new Settings(20, 0, 1e-8, maxfun, 2 * maxfun, 20);
    }
  }

  /**
   * The outcome, as {@code fmin_l_bfgs_b} returns it.
   *
   * @param warnflag 0 converged, 1 evaluation or iteration limit, 2 other stop (e.g. line search failure)
   * @param task L-BFGS-B's final task string
   */
  public record Result(double[] x, double f, int funcalls, int nit, int warnflag, String task) {}

  /** Minimises {@code objective} from {@code x0} (not modified). */
  public static Result minimize(Objective objective, double[] x0, Settings s) {
    int n = x0.length;
    double[] x = x0.clone();
    double[] g = new double[n];
    double f = objective.evaluate(x.clone(), g);
    int nfev = 1;
    if (maxAbs(g) <= s.pgtol()) {
      return new Result(x, f, nfev, 0, 0, "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL");
    }
    double tol = s.factr() * EPSMCH;
    double[][] ws = new double[s.m()][];
    double[][] wy = new double[s.m()][];
    double[] sy = new double[s.m()];
    int col = 0;
    int head = 0;
    double theta = 1;
    int iter = 0;
    double[] z = new double[n];
    double[] d = new double[n];
    double[] t = new double[n];
    double[] r = new double[n];
    while (true) {
      // Direction: z is the Cauchy point (no corrections) or the quasi-Newton point; d = z - x.
      if (col == 0) {
        for (int i = 0; i < n; i++) {
          z[i] = x[i] + -g[i];
        }
      } else {
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
          q[i] = -g[i];
        }
        twoLoop(q, ws, wy, sy, col, head, s.m(), theta);
        for (int i = 0; i < n; i++) {
          z[i] = x[i] + q[i];
        }
      }
      for (int i = 0; i < n; i++) {
        d[i] = z[i] - x[i];
      }
      // lnsrlb
      double dtd = dot(d, d);
      double dnorm = Math.sqrt(dtd);
      double stp = iter == 0 ? Math.min(1 / dnorm, STPMAX) : 1;
      System.arraycopy(x, 0, t, 0, n);
      System.arraycopy(g, 0, r, 0, n);
      double fold = f;
      int ifun = 0;
      int iback = 0;
      double gd = dot(g, d);
      double gdold = gd;
      boolean failed = gd >= 0; // ascent direction: line search impossible (info -4)
      LineSearch search = new LineSearch();
      while (!failed) {
        String task = search.step(f, gd, ifun == 0, stp);
        stp = search.stp;
        if (task.startsWith("CONV") || task.startsWith("WARN")) {
          break;
        }
        ifun++;
        iback = ifun - 1;
        if (iback >= s.maxls()) {
          failed = true;
          break;
        }
        if (stp == 1) {
          System.arraycopy(z, 0, x, 0, n);
        } else {
          for (int i = 0; i < n; i++) {
            x[i] = stp * d[i] + t[i];
          }
        }
        f = objective.evaluate(x.clone(), g);
        nfev++;
        gd = dot(g, d);
      }
      if (failed) {
        System.arraycopy(t, 0, x, 0, n);
        System.arraycopy(r, 0, g, 0, n);
        f = fold;
        if (col == 0) {
          return new Result(x, f, nfev, iter + 1, 2, "ABNORMAL_TERMINATION_IN_LNSRCH");
        }
        col = 0;
        head = 0;
        theta = 1;
        continue;
      }
      iter++;
      double sbgnrm = maxAbs(g);
      // SciPy's checks at NEW_X come before L-BFGS-B's own tests.
      if (iter >= s.maxiter()) {
        return new Result(x, f, nfev, iter, 1, "STOP: TOTAL NO. of ITERATIONS REACHED LIMIT");
      }
      if (nfev > s.maxfun()) {
        return new Result(x, f, nfev, iter, 1, "STOP: TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT");
      }
      if (sbgnrm <= s.pgtol()) {
        return new Result(x, f, nfev, iter, 0, "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL");
      }
      double ddum = Math.max(Math.max(Math.abs(fold), Math.abs(f)), 1);
      if (fold - f <= tol * ddum) {
        return new Result(x, f, nfev, iter, 0, "CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH");
      }
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        y[i] = g[i] - r[i];
      }
      double rr = dot(y, y);
      double dr;
      double[] sk = d.clone();
      if (stp == 1) {
        dr = gd - gdold;
        ddum = -gdold;
      } else {
        dr = (gd - gdold) * stp;
        for (int i = 0; i < n; i++) {
          sk[i] = stp * d[i];
        }
        ddum = -gdold * stp;
      }
      if (dr <= EPSMCH * ddum) {
        continue; // skip the update
      }
      // matupd: append the pair, dropping the oldest when m are held.
      int slot;
      if (col < s.m()) {
        slot = (head + col) % s.m();
        col++;
      } else {
        slot = head;
        head = (head + 1) % s.m();
      }
      ws[slot] = sk;
      wy[slot] = y;
      sy[slot] = dr;
      theta = rr / dr;
    }
  }

  /** q := H q with H0 = I / theta and the held pairs, oldest at {@code head}. */
  private static void twoLoop(double[] q, double[][] ws, double[][] wy, double[] sy, int col, int head, int m,
      double theta) {
    double[] alpha = new double[col];
    for (int k = col - 1; k >= 0; k--) {
      int i = (head + k) % m;
      alpha[k] = dot(ws[i], q) / sy[i];
      axpy(-alpha[k], wy[i], q);
    }
    for (int j = 0; j < q.length; j++) {
      q[j] /= theta;
    }
    for (int k = 0; k < col; k++) {
      int i = (head + k) % m;
      double beta = dot(wy[i], q) / sy[i];
      axpy(alpha[k] - beta, ws[i], q);
    }
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static double maxAbs(double[] v) {
    double max = 0;
    for (double a : v) {
      max = Math.max(max, Math.abs(a));
    }
    return max;
  }

  /** MINPACK-2's {@code dcsrch} (Moré and Thuente) with stpmin 0, stpmax 1e10. */
  private static final class LineSearch {
    private boolean brackt;
    private int stage;
    private double ginit;
    private double gtest;
    private double gx;
    private double gy;
    private double finit;
    private double fx;
    private double fy;
    private double stx;
    private double sty;
    private double stmin;
    private double stmax;
    private double width;
    private double width1;
    private double stp;

    /** One call: {@code start} on the first (f, g at step 0); returns the task, the next step in {@link #stp}. */
    String step(double f, double g, boolean start, double step) {
      stp = step;
      double stpmin = 0;
      double stpmax = STPMAX;
      if (start) {
        if (stp < stpmin) {
          return "ERROR: STP .LT. STPMIN";
        }
        if (stp > stpmax) {
          return "ERROR: STP .GT. STPMAX";
        }
        if (g >= 0) {
          return "ERROR: INITIAL G .GE. ZERO";
        }
        brackt = false;
        stage = 1;
        finit = f;
        ginit = g;
        gtest = FTOL * ginit;
        width = stpmax - stpmin;
        width1 = width / 0.5;
        stx = 0;
        fx = finit;
        gx = ginit;
        sty = 0;
        fy = finit;
        gy = ginit;
        stmin = 0;
        stmax = stp + 4.0 * stp;
        return "FG";
      }
      double ftest = finit + stp * gtest;
      if (stage == 1 && f <= ftest && g >= 0) {
        stage = 2;
      }
      String task = "FG";
      if (brackt && (stp <= stmin || stp >= stmax)) {
        task = "WARNING: ROUNDING ERRORS PREVENT PROGRESS";
      }
      if (brackt && stmax - stmin <= XTOL * stmax) {
        task = "WARNING: XTOL TEST SATISFIED";
      }
      if (stp == stpmax && f <= ftest && g <= gtest) {
        task = "WARNING: STP = STPMAX";
      }
      if (stp == stpmin && (f > ftest || g >= gtest)) {
        task = "WARNING: STP = STPMIN";
      }
      if (f <= ftest && Math.abs(g) <= GTOL * (-ginit)) {
        task = "CONVERGENCE";
      }
      if (task.startsWith("WARN") || task.startsWith("CONV")) {
        return task;
      }
      if (stage == 1 && f <= fx && f > ftest) {
        double fm = f - stp * gtest;
        double fxm = fx - stx * gtest;
        double fym = fy - sty * gtest;
        double gm = g - gtest;
        double gxm = gx - gtest;
        double gym = gy - gtest;
        double[] st = {stx, fxm, gxm, sty, fym, gym, stp};
        dcstep(st, fm, gm, stmin, stmax);
        stx = st[0];
        sty = st[3];
        stp = st[6];
        fx = st[1] + stx * gtest;
        fy = st[4] + sty * gtest;
        gx = st[2] + gtest;
        gy = st[5] + gtest;
      } else {
        double[] st = {stx, fx, gx, sty, fy, gy, stp};
        dcstep(st, f, g, stmin, stmax);
        stx = st[0];
        fx = st[1];
        gx = st[2];
        sty = st[3];
        fy = st[4];
        gy = st[5];
        stp = st[6];
      }
      if (brackt) {
        if (Math.abs(sty - stx) >= 0.66 * width1) {
          stp = stx + 0.5 * (sty - stx);
        }
        width1 = width;
        width = Math.abs(sty - stx);
      }
      if (brackt) {
        stmin = Math.min(stx, sty);
        stmax = Math.max(stx, sty);
      } else {
        stmin = stp + 1.1 * (stp - stx);
        stmax = stp + 4.0 * (stp - stx);
      }
      stp = Math.max(stp, stpmin);
      stp = Math.min(stp, stpmax);
      if (brackt && (stp <= stmin || stp >= stmax) || (brackt && stmax - stmin <= XTOL * stmax)) {
        stp = stx;
      }
      return "FG";
    }

    /** {@code dcstep}; {@code st} = {stx, fx, dx, sty, fy, dy, stp}, updated in place; sets {@link #brackt}. */
    private void dcstep(double[] st, double fp, double dp, double stpmin, double stpmax) {
      double stx = st[0];
      double fx = st[1];
      double dx = st[2];
      double sty = st[3];
      double fy = st[4];
      double dy = st[5];
      double stp = st[6];
      double sgnd = dp * (dx / Math.abs(dx));
      double stpf;
      if (fp > fx) {
        double theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
        double s = Math.max(Math.max(Math.abs(theta), Math.abs(dx)), Math.abs(dp));
        double gamma = s * Math.sqrt((theta / s) * (theta / s) - (dx / s) * (dp / s));
        if (stp < stx) {
          gamma = -gamma;
        }
        double p = (gamma - dx) + theta;
        double q = ((gamma - dx) + gamma) + dp;
        double r = p / q;
        double stpc = stx + r * (stp - stx);
        double stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2) * (stp - stx);
        if (Math.abs(stpc - stx) < Math.abs(stpq - stx)) {
          stpf = stpc;
        } else {
          stpf = stpc + (stpq - stpc) / 2;
        }
        brackt = true;
      } else if (sgnd < 0) {
        double stpc = cubicStepFromStp(stp, fp, dp, stx, fx, dx);
        double stpq = stp + (dp / (dp - dx)) * (stx - stp);
        stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
        brackt = true;
      } else if (Math.abs(dp) < Math.abs(dx)) {
        double theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
        double s = Math.max(Math.max(Math.abs(theta), Math.abs(dx)), Math.abs(dp));
        double gamma = s * Math.sqrt(Math.max(0, (theta / s) * (theta / s) - (dx / s) * (dp / s)));
        if (stp > stx) {
          gamma = -gamma;
        }
        double p = (gamma - dp) + theta;
        double q = (gamma + (dx - dp)) + gamma;
        double r = p / q;
        double stpc;
        if (r < 0 && gamma != 0) {
          stpc = stp + r * (stx - stp);
        } else if (stp > stx) {
          stpc = stpmax;
        } else {
          stpc = stpmin;
        }
        double stpq = stp + (dp / (dp - dx)) * (stx - stp);
        if (brackt) {
          stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
          if (stp > stx) {
            stpf = Math.min(stp + 0.66 * (sty - stp), stpf);
          } else {
            stpf = Math.max(stp + 0.66 * (sty - stp), stpf);
          }
        } else {
          stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
          stpf = Math.min(stpmax, stpf);
          stpf = Math.max(stpmin, stpf);
        }
      } else {
        if (brackt) {
          stpf = cubicStepFromStp(stp, fp, dp, sty, fy, dy);
        } else if (stp > stx) {
          stpf = stpmax;
        } else {
          stpf = stpmin;
        }
      }
      if (fp > fx) {
        sty = stp;
        fy = fp;
        dy = dp;
      } else {
        if (sgnd < 0) {
          sty = stx;
          fy = fx;
          dy = dx;
        }
        stx = stp;
        fx = fp;
        dx = dp;
      }
      st[0] = stx;
      st[1] = fx;
      st[2] = dx;
      st[3] = sty;
      st[4] = fy;
      st[5] = dy;
      st[6] = stpf;
    }

    /**
     * {@code dcstep}'s cubic step from {@code stp} towards the end point {@code t} (value {@code ft}, derivative
     * {@code dt}): the minimiser of the cubic through both values and derivatives, as its cases 2 and 4 write it
     * ({@code 3 * (ft - fp) / (stp - t)} is the same number as case 4's {@code 3 * (fp - fy) / (sty - stp)}: both
     * signs flip exactly).
     */
    private static double cubicStepFromStp(double stp, double fp, double dp, double t, double ft, double dt) {
      double theta = 3 * (ft - fp) / (stp - t) + dt + dp;
      double s = Math.max(Math.max(Math.abs(theta), Math.abs(dt)), Math.abs(dp));
      double gamma = s * Math.sqrt((theta / s) * (theta / s) - (dt / s) * (dp / s));
      if (stp > t) {
        gamma = -gamma;
      }
      double p = (gamma - dp) + theta;
      double q = ((gamma - dp) + gamma) + dt;
      double r = p / q;
      return stp + r * (t - stp);
    }
  }
}
