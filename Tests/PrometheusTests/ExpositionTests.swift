import XCTest
@testable import Prometheus

final class ExpositionTests: XCTestCase {
    func testPrometheusTextOfACounterAndAGauge() {
        let families = [
            MetricFamily("demo_records", .counter, help: "Records.", samples: [
                Sample(3, ("outcome", "learned")), Sample(0, ("outcome", "rejected")),
            ]),
            MetricFamily("demo_size_bytes", .gauge, unit: "bytes", help: "Size.", value: 1536),
        ]
        XCTAssertEqual(Exposition.text(families), """
            # HELP demo_records_total Records.
            # TYPE demo_records_total counter
            demo_records_total{outcome="learned"} 3
            demo_records_total{outcome="rejected"} 0
            # HELP demo_size_bytes Size.
            # TYPE demo_size_bytes gauge
            demo_size_bytes 1536

            """)
    }

    func testOpenMetricsNamesCountersWithoutTotalAndEnds() {
        let families = [
            MetricFamily("demo_records", .counter, help: "Records.", value: 7),
            MetricFamily("demo_age_seconds", .gauge, unit: "seconds", help: "Age.", value: 1.5),
        ]
        XCTAssertEqual(Exposition.text(families, format: .openMetrics), """
            # HELP demo_records Records.
            # TYPE demo_records counter
            demo_records_total 7
            # HELP demo_age_seconds Age.
            # TYPE demo_age_seconds gauge
            # UNIT demo_age_seconds seconds
            demo_age_seconds 1.5
            # EOF

            """)
    }

    func testLabelValuesAndHelpAreEscaped() {
        XCTAssertEqual(Exposition.escapeLabelValue(#"a\b"c"# + "\nd"), #"a\\b\"c\nd"#)
        XCTAssertEqual(Exposition.escapeHelp(#"say "x" \ y"# + "\nz"), #"say "x" \\ y\nz"#)
        let family = MetricFamily("demo_info", .gauge, help: "line one\nline two", samples: [
            Sample(1, ("version", "1.0\"beta\""), ("path", #"C:\x"#), ("note", "é ✓")),
        ])
        XCTAssertEqual(Exposition.text([family]), """
            # HELP demo_info line one\\nline two
            # TYPE demo_info gauge
            demo_info{version="1.0\\"beta\\"",path="C:\\\\x",note="é ✓"} 1

            """)
    }

    func testNumbers() {
        XCTAssertEqual(Exposition.number(0), "0")
        XCTAssertEqual(Exposition.number(-0.0), "0")
        XCTAssertEqual(Exposition.number(1437), "1437")
        XCTAssertEqual(Exposition.number(1_764_862_000), "1764862000")
        XCTAssertEqual(Exposition.number(0.912), "0.912")
        XCTAssertEqual(Exposition.number(1e-5), "1e-05")
        XCTAssertEqual(Exposition.number(1e300), "1e+300")
        XCTAssertEqual(Exposition.number(.nan), "NaN")
        XCTAssertEqual(Exposition.number(.infinity), "+Inf")
        XCTAssertEqual(Exposition.number(-.infinity), "-Inf")
        for x in [0.1, 2.0 / 3.0, 123_456.789, 5e-324] { XCTAssertEqual(Double(Exposition.number(x)), x) }
    }

    func testNameRules() {
        XCTAssertTrue(MetricFamily.isValidMetricName("learnd_records"))
        XCTAssertTrue(MetricFamily.isValidMetricName("a:b_c9"))
        XCTAssertFalse(MetricFamily.isValidMetricName("9a"))
        XCTAssertFalse(MetricFamily.isValidMetricName("a-b"))
        XCTAssertFalse(MetricFamily.isValidMetricName(""))
        XCTAssertTrue(MetricFamily.isValidLabelName("outcome"))
        XCTAssertFalse(MetricFamily.isValidLabelName("__name__"))
        XCTAssertFalse(MetricFamily.isValidLabelName("a:b"))
    }

    func testFormatNegotiation() {
        XCTAssertEqual(ExpositionFormat.negotiated(accept: nil), .prometheus)
        XCTAssertEqual(ExpositionFormat.negotiated(accept: "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"), .prometheus)
        XCTAssertEqual(ExpositionFormat.negotiated(accept: "application/openmetrics-text;version=1.0.0,text/plain;q=0.5"),
                       .openMetrics)
    }
}
