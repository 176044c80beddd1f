package io.laas.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's PNG charts: throughput by connections, and latency percentiles of each window. */
public final class Charts {

    public static final String THROUGHPUT = "throughput.png";
    public static final String LATENCY = "latency.png";

    private static final int WIDTH = 960;
    private static final int HEIGHT = 540;

    private Charts() {
    }

    /** Writes both charts into {@code directory}; returns the files written. */
    public static List<Path> write(BenchReport report, Path directory) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(directory);
        List<Path> written = new ArrayList<>();
        XYChart throughput = throughput(report);
        if (throughput != null) {
            Path file = directory.resolve(THROUGHPUT);
            BitmapEncoder.saveBitmap(throughput, file.toString(), BitmapFormat.PNG);
            written.add(file);
        }
        CategoryChart latency = latency(report);
        if (latency != null) {
            Path file = directory.resolve(LATENCY);
            BitmapEncoder.saveBitmap(latency, file.toString(), BitmapFormat.PNG);
            written.add(file);
        }
        return written;
    }

    static XYChart throughput(BenchReport report) {
        List<Measurement> gateway = closedByConnections(report, "gateway", "uniform");
        List<Measurement> command = closedByConnections(report, "command", "uniform");
        if (gateway.isEmpty() && command.isEmpty()) {
            return null;
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Throughput by connections, uniform workload (closed loop)")
                .xAxisTitle("connections").yAxisTitle("transactions per second").build();
        chart.getStyler().setXAxisLogarithmic(true).setYAxisMin(0.0).setMarkerSize(8);
        chart.getStyler().setLegendPosition(LegendPosition.InsideNW).setChartBackgroundColor(Color.WHITE);
        addSeries(chart, "via gateway", gateway);
        addSeries(chart, "straight to the command service", command);
        List<Double> range = new ArrayList<>();
        gateway.forEach(m -> range.add((double) m.connections()));
        command.forEach(m -> range.add((double) m.connections()));
        double lowest = range.stream().min(Double::compare).orElse(1.0);
        double highest = range.stream().max(Double::compare).orElse(1.0);
        report.floor(FloorIds.UNIFORM).ifPresent(floor -> {
            XYSeries line = chart.addSeries("SQL floor, one commit per transaction (pgbench, " + floor.clients() + " clients)",
                    List.of(lowest, highest), List.of(floor.txPerSecond(), floor.txPerSecond()));
            line.setMarker(SeriesMarkers.NONE);
        });
        return chart;
    }

    static CategoryChart latency(BenchReport report) {
        // a bulk's latency is that of a whole request of many transactions: not comparable, and off the scale;
        // the reads at scale (reports up to a second) have their own table
        List<Measurement> windows = report.measurements().stream()
                .filter(m -> m.latency().count() > 0 && !m.isBulk() && !m.isReadScale()).toList();
        if (windows.isEmpty()) {
            return null;
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT + 140)
                .title("Latency percentiles per window (open loop: from the intended send time)")
                .yAxisTitle("milliseconds").build();
        chart.getStyler().setYAxisMin(0.0).setXAxisLabelRotation(40);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setLegendPosition(LegendPosition.InsideNW).setChartBackgroundColor(Color.WHITE);
        // the ids are short enough to stay readable under the bars
        List<String> labels = windows.stream().map(Measurement::id).toList();
        chart.addSeries("p50", labels, windows.stream().map(m -> m.latency().p50()).toList());
        chart.addSeries("p95", labels, windows.stream().map(m -> m.latency().p95()).toList());
        chart.addSeries("p99", labels, windows.stream().map(m -> m.latency().p99()).toList());
        return chart;
    }

    private static List<Measurement> closedByConnections(BenchReport report, String route, String workload) {
        return report.measurements().stream().filter(Targets.closed(route, workload))
                .sorted(Comparator.comparingInt(Measurement::connections)).toList();
    }

    private static void addSeries(XYChart chart, String name, List<Measurement> windows) {
        if (windows.isEmpty()) {
            return;
        }
        chart.addSeries(name, windows.stream().map(m -> (double) m.connections()).toList(),
                windows.stream().map(Measurement::txPerSecond).toList());
    }
}
