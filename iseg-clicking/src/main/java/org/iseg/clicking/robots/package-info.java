/**
 * Clicking robots (oracles), each registered as a {@link org.iseg.api.spi.RobotProvider}: {@code ritm} (RITM's
 * evaluation clicker, click for click), {@code random}, {@code random-false}, {@code random-largest-false},
 * {@code distance-weighted}, {@code distance-weighted-sequential}, {@code center-largest-false} and {@code mix}.
 *
 * <pre>{@code
 * ClickingRobot robot = RobotProvider.registry().get("ritm").create(RobotConfig.ofSeed(0));
 * List<Click> clicks = robot.next(prediction, target, history);
 * }</pre>
 */
package org.iseg.clicking.robots;
