/// Kind words of compound names (花园, 宿舍, 新村 …) as feeds misspell them, with the word meant: a character said
/// alike (花圆 for 花园, 宿社 for 宿舍, 家圆 for 家园) or an older form (新邨 for 新村, 花園 for 花园, 小區 for 小区).
/// `播州花圆`, `烟草宿社` and `长征新邨` are 播州花园, 烟草宿舍 and 长征新村: the address parser reads such a word as the
/// kind word it stands for, and compound matching drops it as it drops that word. Shared by both so they agree.
public enum KindWordMisspellings {
    public static let meant: [String: String] = ["花圆": "花园", "花園": "花园", "宿社": "宿舍", "新邨": "新村",
                                                 "家圆": "家园", "小區": "小区"]
}
