import Foundation
import RongtongStaging

// Where a facility is: distances and the province's bounds, for linking by distance.
extension FacilityWriter {
    /// Whether a point lies in Guizhou's bounding box (latitude 24.3–29.3, longitude 103.5–109.7).
    static func isInGuizhou(_ lat: Double, _ lon: Double) -> Bool {
        (24.3...29.3).contains(lat) && (103.5...109.7).contains(lon)
    }

    /// Great-circle distance in metres (haversine).
    static func meters(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let r = 6_371_008.8, p = Double.pi / 180
        let dLat = (lat2 - lat1) * p, dLon = (lon2 - lon1) * p
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * p) * cos(lat2 * p) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(min(1, sqrt(h)))
    }
}
