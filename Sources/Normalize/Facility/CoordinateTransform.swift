import Foundation

/// Converts coordinates from the Chinese map datums to WGS-84 (`dwd_facility.lat/lon`): GCJ-02 (国测局, used by
/// Amap and Tencent maps) and BD-09 (百度), with the published transforms.
///
/// What a caller must know: points outside China's rough bounding box are returned unchanged by every function
/// (GCJ-02 and BD-09 offsets are not applied abroad). The inverses are iterated against the forward transform,
/// so a round trip is exact to well under a metre. Latitude comes first everywhere; a feed that swaps the two
/// is caught by `isPlausibleGuizhou`:
/// ```swift
/// let wgs = CoordinateTransform.gcj02ToWGS84(lat: 26.6441, lon: 106.6350)
/// ```
public enum CoordinateTransform {
    /// Krasovsky 1940 ellipsoid, as the GCJ-02 algorithm uses it.
    private static let semiMajorAxis = 6378245.0
    private static let eccentricitySquared = 0.00669342162296594323
    private static let baiduPi = Double.pi * 3000.0 / 180.0
    /// One hundred-millionth of a degree is about a millimetre: ample for the iteration's stop.
    private static let tolerance = 1e-8

    /// The GCJ-02 position of a WGS-84 point (the forward, published transform).
    public static func wgs84ToGCJ02(lat: Double, lon: Double) -> (lat: Double, lon: Double) {
        guard isInChina(lat: lat, lon: lon) else { return (lat, lon) }
        let offset = gcjOffset(lat: lat, lon: lon)
        return (lat + offset.lat, lon + offset.lon)
    }

    /// The WGS-84 position of a GCJ-02 point, by fixed-point iteration on the forward transform (< 0.5 m).
    public static func gcj02ToWGS84(lat: Double, lon: Double) -> (lat: Double, lon: Double) {
        guard isInChina(lat: lat, lon: lon) else { return (lat, lon) }
        let firstOffset = gcjOffset(lat: lat, lon: lon)
        var guess = (lat: lat - firstOffset.lat, lon: lon - firstOffset.lon)
        for _ in 0..<20 {
            let forward = wgs84ToGCJ02Unchecked(lat: guess.lat, lon: guess.lon)
            let error = (lat: forward.lat - lat, lon: forward.lon - lon)
            guess = (guess.lat - error.lat, guess.lon - error.lon)
            if abs(error.lat) < tolerance && abs(error.lon) < tolerance { break }
        }
        return guess
    }

    /// The BD-09 position of a WGS-84 point (WGS-84 → GCJ-02 → BD-09).
    public static func wgs84ToBD09(lat: Double, lon: Double) -> (lat: Double, lon: Double) {
        guard isInChina(lat: lat, lon: lon) else { return (lat, lon) }
        let gcj = wgs84ToGCJ02Unchecked(lat: lat, lon: lon)
        return gcj02ToBD09(lat: gcj.lat, lon: gcj.lon)
    }

    /// The WGS-84 position of a BD-09 point (BD-09 → GCJ-02 → WGS-84, both inverses iterated).
    public static func bd09ToWGS84(lat: Double, lon: Double) -> (lat: Double, lon: Double) {
        guard isInChina(lat: lat, lon: lon) else { return (lat, lon) }
        var gcj = bd09ToGCJ02Published(lat: lat, lon: lon)
        for _ in 0..<10 {
            let forward = gcj02ToBD09(lat: gcj.lat, lon: gcj.lon)
            let error = (lat: forward.lat - lat, lon: forward.lon - lon)
            gcj = (gcj.lat - error.lat, gcj.lon - error.lon)
            if abs(error.lat) < tolerance && abs(error.lon) < tolerance { break }
        }
        return gcj02ToWGS84(lat: gcj.lat, lon: gcj.lon)
    }

    /// True inside a box around Guizhou (lat 24.3–29.3, lon 103.5–109.7); a point that fails here but passes
    /// with latitude and longitude exchanged was written the wrong way round.
    public static func isPlausibleGuizhou(lat: Double, lon: Double) -> Bool {
        (24.3...29.3).contains(lat) && (103.5...109.7).contains(lon)
    }

    /// The rough box the GCJ-02 algorithm applies within (the one its published implementations use).
    static func isInChina(lat: Double, lon: Double) -> Bool {
        (72.004...137.8347).contains(lon) && (0.8293...55.8271).contains(lat)
    }

    private static func wgs84ToGCJ02Unchecked(lat: Double, lon: Double) -> (lat: Double, lon: Double) {
        let offset = gcjOffset(lat: lat, lon: lon)
        return (lat + offset.lat, lon + offset.lon)
    }

    private static func gcjOffset(lat: Double, lon: Double) -> (lat: Double, lon: Double) {
        let x = lon - 105.0
        let y = lat - 35.0
        var dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        dLat += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        dLat += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        dLat += (160.0 * sin(y / 12.0 * .pi) + 320.0 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        var dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        dLon += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        dLon += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        dLon += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        let radLat = lat / 180.0 * .pi
        let sinLat = sin(radLat)
        let magic = 1.0 - eccentricitySquared * sinLat * sinLat
        let sqrtMagic = magic.squareRoot()
        dLat = dLat * 180.0 / ((semiMajorAxis * (1.0 - eccentricitySquared)) / (magic * sqrtMagic) * .pi)
        dLon = dLon * 180.0 / (semiMajorAxis / sqrtMagic * cos(radLat) * .pi)
        return (dLat, dLon)
    }

    private static func gcj02ToBD09(lat: Double, lon: Double) -> (lat: Double, lon: Double) {
        let z = (lon * lon + lat * lat).squareRoot() + 0.00002 * sin(lat * baiduPi)
        let theta = atan2(lat, lon) + 0.000003 * cos(lon * baiduPi)
        return (z * sin(theta) + 0.006, z * cos(theta) + 0.0065)
    }

    private static func bd09ToGCJ02Published(lat: Double, lon: Double) -> (lat: Double, lon: Double) {
        let x = lon - 0.0065
        let y = lat - 0.006
        let z = (x * x + y * y).squareRoot() - 0.00002 * sin(y * baiduPi)
        let theta = atan2(y, x) - 0.000003 * cos(x * baiduPi)
        return (z * sin(theta), z * cos(theta))
    }
}
