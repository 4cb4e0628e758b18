from luoshi.domain.collation import pinyin_key


def test_names_sort_by_pinyin():
    names = ["经开办(自贸办)", "区工信局", "动漫基地", "区财政局", "税务局经开区分局"]
    assert sorted(names, key=pinyin_key) == [
        "动漫基地", "经开办(自贸办)", "区财政局", "区工信局", "税务局经开区分局",
    ]
